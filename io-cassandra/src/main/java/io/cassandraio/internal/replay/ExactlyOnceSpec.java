package io.cassandraio.internal.replay;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.google.auto.value.AutoValue;
import io.cassandraio.internal.statement.TableName;
import io.cassandraio.listener.BatchListener;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The options of an {@code ExactlyOnce}, each already validated by its {@code withX}. */
@AutoValue
public abstract class ExactlyOnceSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final BatchListener NO_LISTENER = (stage, id, elements) -> {};

  public abstract String sinkId();

  public abstract int shards();

  public abstract int maxBatchElements();

  public abstract Duration maxBatchDelay();

  /** Always with a keyspace. */
  public abstract TableName checkpointTable();

  public abstract @Nullable Map<String, String> replication();

  public abstract DefaultConsistencyLevel consistencyLevel();

  public abstract Duration recordTtl();

  public abstract boolean createTable();

  abstract @Nullable BatchListener userListener();

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_ExactlyOnceSpec.Builder();
  }

  /** The user's listener, or one that does nothing. */
  public BatchListener listener() {
    BatchListener listener = userListener();
    return listener == null ? NO_LISTENER : listener;
  }

  public void populateDisplayData(DisplayData.Builder builder) {
    builder.add(DisplayData.item("exactlyOnceSinkId", sinkId()))
        .add(DisplayData.item("exactlyOnceShards", shards()))
        .add(DisplayData.item("exactlyOnceMaxBatchElements", maxBatchElements()))
        .add(DisplayData.item("exactlyOnceMaxBatchDelayMs", maxBatchDelay().toMillis()))
        .add(DisplayData.item("exactlyOnceCheckpointTable", checkpointTable().qualified()))
        .add(DisplayData.item("exactlyOnceRecordTtlSeconds", recordTtl().toSeconds()))
        .add(DisplayData.item("exactlyOnceConsistency", consistencyLevel().name()));
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSinkId(String sinkId);

    public abstract Builder setShards(int shards);

    public abstract Builder setMaxBatchElements(int elements);

    public abstract Builder setMaxBatchDelay(Duration delay);

    public abstract Builder setCheckpointTable(TableName table);

    public abstract Builder setReplication(@Nullable Map<String, String> replication);

    public abstract Builder setConsistencyLevel(DefaultConsistencyLevel level);

    public abstract Builder setRecordTtl(Duration ttl);

    public abstract Builder setCreateTable(boolean create);

    public abstract Builder setUserListener(@Nullable BatchListener listener);

    public abstract ExactlyOnceSpec build();
  }
}
