package io.cassandraio;

/** What a write does with an element that still fails after its attempts. */
public enum FailureMode {
  /**
   * The default: at the first element that fails for good the bundle stops sending (requests in
   * flight are awaited, retries waiting for their backoff dropped) and fails, naming the table,
   * the counts and the first cause.
   */
  FAIL,
  /**
   * Every element is tried within its {@code withMaxAttempts} budget; the failed ones come out in
   * {@link WriteResult#getFailedWrites()} (and a {@code withErrorHandler}) with their error. A
   * batch refused for a bad value is retried one statement at a time so that only the bad elements
   * are reported; a batch that used its elements' attempts (it kept timing out) is not.
   */
  REPORT
}
