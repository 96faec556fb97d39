package io.cassandraio.localprocess;

/**
 * A waiting loop was interrupted. Not a failure of what was awaited but a request to stop waiting,
 * so it has one type for every launcher instead of each launcher's own failure type; unchecked, so
 * that polling loops need no try/catch around every pause.
 */
public class WaitInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WaitInterruptedException(String message, InterruptedException cause) {
    super(message, cause);
  }
}
