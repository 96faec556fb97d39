package io.cassandraio.localprocess;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class PauseTest {
  @Test
  public void interruptEndsThePauseAndStaysSet() {
    Thread.currentThread().interrupt();
    try {
      long startNanos = System.nanoTime();
      WaitInterruptedException e = assertThrows(WaitInterruptedException.class, () -> Pause.millis(60_000));
      assertTrue("did not return at once", System.nanoTime() - startNanos < 10_000_000_000L);
      assertTrue(e.getCause() instanceof InterruptedException);
      assertTrue("the interrupt flag was cleared", Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted(); // leave the test runner's thread as it was
    }
  }
}
