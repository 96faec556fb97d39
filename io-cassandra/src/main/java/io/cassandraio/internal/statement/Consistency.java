package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.util.Arrays;
import java.util.Objects;

/** Consistency levels kept as the driver's serializable enum. */
public final class Consistency {
  private Consistency() {}

  /** {@code level} as a {@link DefaultConsistencyLevel}; errors name {@code option}. */
  public static DefaultConsistencyLevel of(String option, ConsistencyLevel level) {
    Objects.requireNonNull(level, () -> option + " must not be null");
    if (level instanceof DefaultConsistencyLevel known) {
      return known;
    }
    try {
      return DefaultConsistencyLevel.valueOf(level.name());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " takes one of " + Arrays.toString(DefaultConsistencyLevel.values())
          + ", was " + level.name(), e);
    }
  }
}
