package io.cassandraio.statement;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import io.cassandraio.NullHandling;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Per-statement settings shared by the three ways in. Immutable and serializable. */
public final class StatementOptions<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  final @Nullable SerializableFunction<T, Integer> ttlSeconds;
  final @Nullable SerializableFunction<T, Long> timestampMicros;
  final @Nullable String consistencyLevel;
  final @Nullable String serialConsistencyLevel;
  final NullHandling nullHandling;
  final @Nullable Boolean idempotent;

  private StatementOptions(
      @Nullable SerializableFunction<T, Integer> ttlSeconds,
      @Nullable SerializableFunction<T, Long> timestampMicros,
      @Nullable String consistencyLevel,
      @Nullable String serialConsistencyLevel,
      NullHandling nullHandling,
      @Nullable Boolean idempotent) {
    this.ttlSeconds = ttlSeconds;
    this.timestampMicros = timestampMicros;
    this.consistencyLevel = consistencyLevel;
    this.serialConsistencyLevel = serialConsistencyLevel;
    this.nullHandling = nullHandling;
    this.idempotent = idempotent;
  }

  public static <T> StatementOptions<T> defaults() {
    return new StatementOptions<>(null, null, null, null, NullHandling.LEAVE_UNSET, null);
  }

  public StatementOptions<T> withTtl(SerializableFunction<T, Integer> ttl) {
    return new StatementOptions<>(ttl, timestampMicros, consistencyLevel, serialConsistencyLevel, nullHandling, idempotent);
  }

  public StatementOptions<T> withTimestamp(SerializableFunction<T, Long> micros) {
    return new StatementOptions<>(ttlSeconds, micros, consistencyLevel, serialConsistencyLevel, nullHandling, idempotent);
  }

  public StatementOptions<T> withConsistencyLevel(ConsistencyLevel level) {
    return new StatementOptions<>(ttlSeconds, timestampMicros, level.name(), serialConsistencyLevel, nullHandling, idempotent);
  }

  public StatementOptions<T> withSerialConsistencyLevel(ConsistencyLevel level) {
    if (!level.isSerial()) {
      throw new IllegalArgumentException(
          "withSerialConsistencyLevel takes SERIAL or LOCAL_SERIAL, got " + level.name());
    }
    return new StatementOptions<>(ttlSeconds, timestampMicros, consistencyLevel, level.name(), nullHandling, idempotent);
  }

  public StatementOptions<T> withNullHandling(NullHandling handling) {
    return new StatementOptions<>(ttlSeconds, timestampMicros, consistencyLevel, serialConsistencyLevel, handling, idempotent);
  }

  public StatementOptions<T> withIdempotent(boolean value) {
    return new StatementOptions<>(ttlSeconds, timestampMicros, consistencyLevel, serialConsistencyLevel, nullHandling, value);
  }

  public NullHandling nullHandling() {
    return nullHandling;
  }

  public boolean hasTimestamp() {
    return timestampMicros != null;
  }

  public boolean hasTtl() {
    return ttlSeconds != null;
  }

  public void populateDisplayData(DisplayData.Builder builder) {
    builder
        .addIfNotNull(DisplayData.item("consistencyLevel", consistencyLevel))
        .addIfNotNull(DisplayData.item("serialConsistencyLevel", serialConsistencyLevel))
        .add(DisplayData.item("nullHandling", nullHandling.name()))
        .add(DisplayData.item("ttl", ttlSeconds != null))
        .add(DisplayData.item("writeTimestamp", timestampMicros != null))
        .add(DisplayData.item("idempotent", idempotent == null ? "auto" : idempotent.toString()));
  }
}
