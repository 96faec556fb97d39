package io.cassandraio.internal.statement;

/**
 * The write is misconfigured for the statements it makes (found only once a statement exists,
 * e.g. {@code withTtl} without a TTL marker). Fails the bundle even in {@code REPORT} mode: it
 * is not a bad element, and reporting every element as failed would hide it.
 */
public class InvalidWriteConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidWriteConfigurationException(String message) {
    super(message);
  }
}
