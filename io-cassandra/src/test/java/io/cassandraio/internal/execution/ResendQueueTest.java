package io.cassandraio.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

public class ResendQueueTest {
  @Test
  public void anAttemptIsHiddenUntilItsBackoffHasPassed() throws InterruptedException {
    ResendQueue<String> queue = new ResendQueue<>();
    queue.after(Duration.ofMillis(200), "retry");
    assertNull(queue.poll());
    assertFalse("a waiting retry keeps the queue non-empty", queue.isEmpty());
    long t0 = System.nanoTime();
    assertEquals("retry", queue.poll(Duration.ofSeconds(10)));
    assertTrue("came out before its backoff", System.nanoTime() - t0 >= Duration.ofMillis(150).toNanos());
    assertTrue(queue.isEmpty());
  }

  @Test
  public void dueAttemptsComeBeforeLaterOnes() {
    ResendQueue<String> queue = new ResendQueue<>();
    queue.after(Duration.ofHours(1), "later");
    queue.now("a");
    queue.now("b");
    assertEquals(Set.of("a", "b"), java.util.stream.Stream.of(queue.poll(), queue.poll()).collect(Collectors.toSet()));
    assertNull(queue.poll());
  }

  @Test
  public void startsNoThread() {
    ResendQueue<String> queue = new ResendQueue<>();
    queue.after(Duration.ofMinutes(1), "retry");
    assertEquals("a retry must not start a timer thread (it would outlive a Flink job)", Set.of(), threadNames());
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("cassandraio")).collect(Collectors.toSet());
  }
}
