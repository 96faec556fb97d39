package io.cassandraio.localprocess;

/** The pause between two polls of a waiting loop; an interrupt ends the wait at once. */
public final class Pause {
  private Pause() {}

  /**
   * Sleeps {@code millis}.
   *
   * @throws WaitInterruptedException if the thread is interrupted; its interrupt flag stays set,
   *     so that the caller's caller sees it too
   */
  public static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WaitInterruptedException("Interrupted while waiting (a " + millis + " ms poll pause)", e);
    }
  }
}
