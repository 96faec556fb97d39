package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.google.auto.value.AutoValue;
import io.cassandraio.NullHandling;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Per-statement settings shared by the three ways in, applied by {@link StatementFinisher}. */
@AutoValue
public abstract class StatementOptions<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract @Nullable SerializableFunction<T, Integer> ttlSeconds();

  public abstract @Nullable SerializableFunction<T, Long> timestampMicros();

  public abstract @Nullable DefaultConsistencyLevel consistencyLevel();

  public abstract @Nullable DefaultConsistencyLevel serialConsistencyLevel();

  public abstract NullHandling nullHandling();

  /** Null: detected from the CQL (see {@link Idempotence}). */
  public abstract @Nullable Boolean idempotent();

  public abstract Builder<T> toBuilder();

  public static <T> StatementOptions<T> defaults() {
    return new AutoValue_StatementOptions.Builder<T>().setNullHandling(NullHandling.LEAVE_UNSET).build();
  }

  public boolean hasTimestamp() {
    return timestampMicros() != null;
  }

  public boolean hasTtl() {
    return ttlSeconds() != null;
  }

  public void populateDisplayData(DisplayData.Builder builder) {
    builder
        .addIfNotNull(DisplayData.item("consistencyLevel", nameOf(consistencyLevel())))
        .addIfNotNull(DisplayData.item("serialConsistencyLevel", nameOf(serialConsistencyLevel())))
        .add(DisplayData.item("nullHandling", nullHandling().name()))
        .add(DisplayData.item("ttl", hasTtl()))
        .add(DisplayData.item("writeTimestamp", hasTimestamp()))
        .add(DisplayData.item("idempotent", idempotent() == null ? "auto" : idempotent().toString()));
  }

  private static @Nullable String nameOf(@Nullable DefaultConsistencyLevel level) {
    return level == null ? null : level.name();
  }

  @AutoValue.Builder
  public abstract static class Builder<T> {
    public abstract Builder<T> setTtlSeconds(@Nullable SerializableFunction<T, Integer> ttl);

    public abstract Builder<T> setTimestampMicros(@Nullable SerializableFunction<T, Long> micros);

    public abstract Builder<T> setConsistencyLevel(@Nullable DefaultConsistencyLevel level);

    public abstract Builder<T> setSerialConsistencyLevel(@Nullable DefaultConsistencyLevel level);

    public abstract Builder<T> setNullHandling(NullHandling handling);

    public abstract Builder<T> setIdempotent(@Nullable Boolean idempotent);

    public abstract StatementOptions<T> build();
  }
}
