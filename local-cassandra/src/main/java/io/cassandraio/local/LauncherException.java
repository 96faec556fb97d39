package io.cassandraio.local;

/** A local Cassandra node could not be started, reached or stopped; the message says why and what to do. */
public class LauncherException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LauncherException(String message) {
    super(message);
  }

  public LauncherException(String message, Throwable cause) {
    super(message, cause);
  }
}
