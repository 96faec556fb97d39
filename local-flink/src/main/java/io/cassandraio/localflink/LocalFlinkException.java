package io.cassandraio.localflink;

/** A local Flink process could not be started, reached or stopped, or Flink refused a request; the message says why. */
public class LocalFlinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalFlinkException(String message) {
    super(message);
  }

  public LocalFlinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
