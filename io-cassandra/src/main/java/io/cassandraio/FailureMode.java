package io.cassandraio;

/** What a write does with a statement that still fails after its retries. */
public enum FailureMode {
  /** The default: the bundle fails, naming the table, the number of statements and the cause. */
  FAIL,
  /**
   * Failed elements come out in {@link WriteResult#getFailedWrites()} with their error; a failed
   * batch is retried one statement at a time so that only the bad elements are reported.
   */
  REPORT
}
