package io.cassandraio.local;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Decides the backend: contact points in the environment win; otherwise Testcontainers if a
 * Docker engine answers; otherwise the local launcher. {@value CassandraBackends#BACKEND_ENV}
 * forces a choice.
 */
final class BackendSelector {
  private BackendSelector() {}

  static BackendKind choose(Map<String, String> env, BooleanSupplier dockerAnswers) {
    String forced = env.get(CassandraBackends.BACKEND_ENV);
    if (!isBlank(forced)) {
      BackendKind kind = parse(forced);
      if (kind == BackendKind.EXTERNAL && isBlank(env.get(CassandraBackends.CONTACT_POINTS_ENV))) {
        throw new IllegalArgumentException(CassandraBackends.BACKEND_ENV + "=external needs "
            + CassandraBackends.CONTACT_POINTS_ENV + " (for example 10.0.0.5:9042,10.0.0.6)");
      }
      return kind;
    }
    if (!isBlank(env.get(CassandraBackends.CONTACT_POINTS_ENV))) {
      return BackendKind.EXTERNAL;
    }
    return dockerAnswers.getAsBoolean() ? BackendKind.TESTCONTAINERS : BackendKind.LOCAL;
  }

  private static BackendKind parse(String forced) {
    try {
      return BackendKind.valueOf(forced.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(CassandraBackends.BACKEND_ENV + " must be one of "
          + "external, testcontainers, local; was '" + forced + "'", e);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
