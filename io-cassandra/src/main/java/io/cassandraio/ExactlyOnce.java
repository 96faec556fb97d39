package io.cassandraio;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.replay.BatchListener;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Exactly-once replay for {@link CassandraIO.Write#withExactlyOnce}: elements are sharded by
 * partition key, cut into micro-batches whose id and write timestamp are fixed once in Beam state,
 * and written by a {@code @RequiresStableInput} step that skips every batch already recorded in
 * a checkpoint-id table in Cassandra.
 *
 * <pre>{@code
 * events.apply(CassandraIO.<Event>write()
 *     .withConnection(connection)
 *     .withStatement("UPDATE shop.counts SET n = n + 1 WHERE item = ?", (e, b) -> b.setString(0, e.item()).build())
 *     .withExactlyOnce(ExactlyOnce.sinkId("item-counts")
 *         .withCheckpointTable("cassandraio", "committed_batches")
 *         .withReplication(Map.of("class", "NetworkTopologyStrategy", "dc1", "3"))));
 * }</pre>
 *
 * <p>Immutable; every {@code withX} returns a new instance. The sink id names this write across
 * restarts: keep it stable for a job, and give different writes different ids.
 */
public final class ExactlyOnce implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern SINK_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  private static final Pattern CQL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

  public static final int DEFAULT_SHARDS = 16;
  public static final int DEFAULT_MAX_BATCH_ELEMENTS = 500;
  public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofSeconds(1);
  public static final String DEFAULT_KEYSPACE = "cassandraio";
  public static final String DEFAULT_TABLE = "committed_batches";
  public static final Duration DEFAULT_RECORD_TTL = Duration.ofDays(7);

  private final String sinkId;
  private final int shards;
  private final int maxBatchElements;
  private final Duration maxBatchDelay;
  private final String keyspace;
  private final String table;
  private final @Nullable Map<String, String> replication;
  private final String consistencyLevel;
  private final Duration recordTtl;
  private final boolean createTable;
  private final @Nullable BatchListener listener;

  private ExactlyOnce(String sinkId, int shards, int maxBatchElements, Duration maxBatchDelay, String keyspace,
      String table, @Nullable Map<String, String> replication, String consistencyLevel, Duration recordTtl,
      boolean createTable, @Nullable BatchListener listener) {
    this.sinkId = sinkId;
    this.shards = shards;
    this.maxBatchElements = maxBatchElements;
    this.maxBatchDelay = maxBatchDelay;
    this.keyspace = keyspace;
    this.table = table;
    this.replication = replication;
    this.consistencyLevel = consistencyLevel;
    this.recordTtl = recordTtl;
    this.createTable = createTable;
    this.listener = listener;
  }

  /** Exactly-once for the write named {@code sinkId} (letters, digits, {@code _ . : -}; at most 128). */
  public static ExactlyOnce sinkId(String sinkId) {
    Objects.requireNonNull(sinkId, "ExactlyOnce.sinkId");
    if (!SINK_ID.matcher(sinkId).matches()) {
      throw new IllegalArgumentException("ExactlyOnce.sinkId must be 1 to 128 letters, digits or _ . : -, was '"
          + sinkId + "'");
    }
    return new ExactlyOnce(sinkId, DEFAULT_SHARDS, DEFAULT_MAX_BATCH_ELEMENTS, DEFAULT_MAX_BATCH_DELAY,
        DEFAULT_KEYSPACE, DEFAULT_TABLE, null, DefaultConsistencyLevel.LOCAL_QUORUM.name(), DEFAULT_RECORD_TTL,
        true, null);
  }

  /**
   * How many shards (keys of the sequencing state) the elements are spread over by partition key:
   * the parallelism of the exactly-once write.
   */
  public ExactlyOnce withShards(int shards) {
    if (shards < 1 || shards > 65_536) {
      throw new IllegalArgumentException("ExactlyOnce.withShards must be between 1 and 65536, was " + shards);
    }
    return new ExactlyOnce(sinkId, shards, maxBatchElements, maxBatchDelay, keyspace, table, replication,
        consistencyLevel, recordTtl, createTable, listener);
  }

  /** A micro-batch is cut at this many elements... */
  public ExactlyOnce withMaxBatchElements(int elements) {
    if (elements < 1) {
      throw new IllegalArgumentException("ExactlyOnce.withMaxBatchElements must be at least 1, was " + elements);
    }
    return new ExactlyOnce(sinkId, shards, elements, maxBatchDelay, keyspace, table, replication,
        consistencyLevel, recordTtl, createTable, listener);
  }

  /** ...or this long (processing time) after its first element, whichever comes first. */
  public ExactlyOnce withMaxBatchDelay(Duration delay) {
    Objects.requireNonNull(delay, "ExactlyOnce.withMaxBatchDelay");
    if (delay.toMillis() < 1) {
      throw new IllegalArgumentException("ExactlyOnce.withMaxBatchDelay must be at least 1 ms, was " + delay);
    }
    return new ExactlyOnce(sinkId, shards, maxBatchElements, delay, keyspace, table, replication,
        consistencyLevel, recordTtl, createTable, listener);
  }

  /** Where committed batch ids are recorded. One table serves every job and sink id. */
  public ExactlyOnce withCheckpointTable(String keyspace, String table) {
    requireCqlName("withCheckpointTable keyspace", keyspace);
    requireCqlName("withCheckpointTable table", table);
    return new ExactlyOnce(sinkId, shards, maxBatchElements, maxBatchDelay, keyspace, table, replication,
        consistencyLevel, recordTtl, createTable, listener);
  }

  /**
   * The replication of the checkpoint keyspace if this write creates it, as in CQL's {@code WITH
   * replication = {...}}. Default: NetworkTopologyStrategy with every datacenter the driver sees
   * at min(3, its nodes), never a forced replication factor of 1.
   */
  public ExactlyOnce withReplication(Map<String, String> replication) {
    Objects.requireNonNull(replication, "ExactlyOnce.withReplication");
    if (!replication.containsKey("class")) {
      throw new IllegalArgumentException("ExactlyOnce.withReplication needs a 'class' entry, was " + replication);
    }
    return new ExactlyOnce(sinkId, shards, maxBatchElements, maxBatchDelay, keyspace, table,
        new LinkedHashMap<>(replication), consistencyLevel, recordTtl, createTable, listener);
  }

  /** Consistency of the lookups and records in the checkpoint table (default LOCAL_QUORUM). */
  public ExactlyOnce withConsistencyLevel(ConsistencyLevel level) {
    Objects.requireNonNull(level, "ExactlyOnce.withConsistencyLevel");
    return new ExactlyOnce(sinkId, shards, maxBatchElements, maxBatchDelay, keyspace, table, replication,
        level.name(), recordTtl, createTable, listener);
  }

  /**
   * How long a committed batch id is kept (default 7 days). It must outlast the longest time a
   * job may be down and then restored from a checkpoint: an expired id no longer protects a replay.
   */
  public ExactlyOnce withRecordTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ExactlyOnce.withRecordTtl");
    if (ttl.toSeconds() < 60 || ttl.toSeconds() > 630_720_000L) {
      throw new IllegalArgumentException("ExactlyOnce.withRecordTtl must be between 1 minute and 20 years, was " + ttl);
    }
    return new ExactlyOnce(sinkId, shards, maxBatchElements, maxBatchDelay, keyspace, table, replication,
        consistencyLevel, ttl, createTable, listener);
  }

  /** Whether a missing checkpoint keyspace and table are created (default true). */
  public ExactlyOnce withCreateTable(boolean create) {
    return new ExactlyOnce(sinkId, shards, maxBatchElements, maxBatchDelay, keyspace, table, replication,
        consistencyLevel, recordTtl, create, listener);
  }

  /** Sees every batch at every stage; an exception thrown here fails the bundle (tests inject faults so). */
  public ExactlyOnce withBatchListener(BatchListener listener) {
    Objects.requireNonNull(listener, "ExactlyOnce.withBatchListener");
    return new ExactlyOnce(sinkId, shards, maxBatchElements, maxBatchDelay, keyspace, table, replication,
        consistencyLevel, recordTtl, createTable, listener);
  }

  public String sinkId() {
    return sinkId;
  }

  public int shards() {
    return shards;
  }

  public int maxBatchElements() {
    return maxBatchElements;
  }

  public Duration maxBatchDelay() {
    return maxBatchDelay;
  }

  public String keyspace() {
    return keyspace;
  }

  public String table() {
    return table;
  }

  public @Nullable Map<String, String> replication() {
    return replication;
  }

  public ConsistencyLevel consistencyLevel() {
    return DefaultConsistencyLevel.valueOf(consistencyLevel);
  }

  public Duration recordTtl() {
    return recordTtl;
  }

  public boolean createTable() {
    return createTable;
  }

  public @Nullable BatchListener listener() {
    return listener;
  }

  void populateDisplayData(DisplayData.Builder builder) {
    builder.add(DisplayData.item("exactlyOnceSinkId", sinkId))
        .add(DisplayData.item("exactlyOnceShards", shards))
        .add(DisplayData.item("exactlyOnceMaxBatchElements", maxBatchElements))
        .add(DisplayData.item("exactlyOnceMaxBatchDelayMs", maxBatchDelay.toMillis()))
        .add(DisplayData.item("exactlyOnceCheckpointTable", keyspace + "." + table))
        .add(DisplayData.item("exactlyOnceRecordTtlSeconds", recordTtl.toSeconds()))
        .add(DisplayData.item("exactlyOnceConsistency", consistencyLevel));
  }

  private static void requireCqlName(String option, String name) {
    Objects.requireNonNull(name, option);
    if (!CQL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("ExactlyOnce." + option + " must be a CQL name (a letter, then up to "
          + "47 letters, digits or _), was '" + name + "'");
    }
  }
}
