package io.cassandraio;

/** A write failed in {@link FailureMode#FAIL} mode; the message names the table, count and cause. */
public class CassandraWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CassandraWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
