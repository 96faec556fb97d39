package io.cassandraio.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.cassandraio.internal.Background;
import org.junit.Test;

/** The window's accounting: request permits, byte permits (KiB, rounded up), blocking and giving back. */
public class InFlightWindowTest {
  private static InFlightWindow window(int requests, long bytes) {
    return new InFlightWindow(new ExecutionLimits(requests, bytes, 1));
  }

  @Test
  public void bytesAreCountedInKibPermitsRoundedUpWithAtLeastOne() throws Exception {
    InFlightWindow w = window(100, 64 * 1024);
    assertEquals(1, w.acquire(0).bytePermits());
    assertEquals(1, w.acquire(1).bytePermits());
    assertEquals(1, w.acquire(1024).bytePermits());
    assertEquals("1025 bytes need two KiB", 2, w.acquire(1025).bytePermits());
    assertEquals(2, w.acquire(1500).bytePermits());
    assertEquals(3, w.acquire(2049).bytePermits());
  }

  @Test
  public void aRequestLargerThanTheWindowTakesAllOfIt() throws Exception {
    InFlightWindow w = window(100, 4096);
    InFlightWindow.Room huge = w.acquire(10_000);
    assertEquals(4, huge.bytePermits());
    w.release(huge);
    assertEquals("no overflow near int's limit", 4, w.acquire(Integer.MAX_VALUE).bytePermits());
  }

  @Test
  public void requestsTakeAndGiveBackRoom() throws Exception {
    InFlightWindow w = window(3, 64 * 1024);
    assertEquals(3, w.freeRequests());
    InFlightWindow.Room a = w.acquire(100);
    InFlightWindow.Room b = w.acquire(100);
    assertEquals(1, w.freeRequests());
    w.release(a);
    assertEquals(2, w.freeRequests());
    w.release(b);
    assertEquals(3, w.freeRequests());
  }

  @Test
  public void aFullWindowBlocksUntilAnyRequestIsReleased() throws Exception {
    InFlightWindow w = window(2, 64 * 1024);
    InFlightWindow.Room first = w.acquire(100);
    w.acquire(100);
    Background<InFlightWindow.Room> third = Background.call("third", () -> w.acquire(100));
    third.awaitBlockedIn("InFlightWindow.acquire");
    w.release(first);
    assertEquals(1, third.get().bytePermits());
    assertEquals(0, w.freeRequests());
  }

  @Test
  public void aWindowFullOfBytesBlocksEvenWithRequestsToSpare() throws Exception {
    InFlightWindow w = window(10, 4096);
    InFlightWindow.Room big = w.acquire(3 * 1024);
    Background<InFlightWindow.Room> next = Background.call("next", () -> w.acquire(2 * 1024));
    next.awaitBlockedIn("InFlightWindow.acquire");
    w.release(big);
    assertEquals(2, next.get().bytePermits());
  }

  @Test
  public void anInterruptWhileWaitingForBytesGivesTheRequestPermitBack() throws Exception {
    InFlightWindow w = window(3, 4096);
    w.acquire(4096); // all the bytes, one request
    Background<InFlightWindow.Room> waiting = Background.call("waiting", () -> w.acquire(1024));
    waiting.awaitBlockedIn("InFlightWindow.acquire");
    waiting.thread().interrupt();
    assertTrue(waiting.failure() instanceof InterruptedException);
    assertEquals("only the first request holds room", 2, w.freeRequests());
  }

  @Test
  public void aHugeByteBoundIsAsGoodAsNone() throws Exception {
    // withMaxInFlightBytes(Long.MAX_VALUE) is a natural way to say "no byte bound".
    InFlightWindow w = window(2, Long.MAX_VALUE);
    assertEquals(1, w.acquire(100).bytePermits());
    assertEquals(1024 * 1024, w.acquire(1 << 30).bytePermits());
  }
}
