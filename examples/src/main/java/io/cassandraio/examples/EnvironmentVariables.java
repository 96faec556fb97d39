package io.cassandraio.examples;

/** Option defaults that an environment variable may override. */
public final class EnvironmentVariables {
  private EnvironmentVariables() {}

  /** {@code $name}, trimmed, if set and not blank; else {@code fallback}. */
  public static String valueOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
