package io.cassandraio;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.replay.BatchListener;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
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
 * <p>On the Flink runner it needs streaming mode with {@code --checkpointingInterval},
 * {@code --checkpointingMode=EXACTLY_ONCE} (the default) and {@code --enableStableInputDrain=true}
 * (so that the micro-batches cut after the last checkpoint are written when the input ends); the
 * transform checks these when the pipeline is validated. It covers what reaches the sink: a
 * source that replays elements from before its restored checkpoint (Beam's Flink runner re-reads
 * a bounded source's split from its start) makes new elements as far as the sink can tell.
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

  private final Settings s;

  private ExactlyOnce(Settings settings) {
    this.s = settings;
  }

  /** Exactly-once for the write named {@code sinkId} (letters, digits, {@code _ . : -}; at most 128). */
  public static ExactlyOnce sinkId(String sinkId) {
    Objects.requireNonNull(sinkId, "ExactlyOnce.sinkId");
    if (!SINK_ID.matcher(sinkId).matches()) {
      throw new IllegalArgumentException("ExactlyOnce.sinkId must be 1 to 128 letters, digits or _ . : -, was '"
          + sinkId + "'");
    }
    Settings defaults = new Settings();
    defaults.sinkId = sinkId;
    return new ExactlyOnce(defaults);
  }

  /**
   * How many shards (keys of the sequencing state) the elements are spread over by partition key:
   * the parallelism of the exactly-once write.
   */
  public ExactlyOnce withShards(int shards) {
    if (shards < 1 || shards > 65_536) {
      throw new IllegalArgumentException("ExactlyOnce.withShards must be between 1 and 65536, was " + shards);
    }
    return with(x -> x.shards = shards);
  }

  /** A micro-batch is cut at this many elements... */
  public ExactlyOnce withMaxBatchElements(int elements) {
    if (elements < 1) {
      throw new IllegalArgumentException("ExactlyOnce.withMaxBatchElements must be at least 1, was " + elements);
    }
    return with(x -> x.maxBatchElements = elements);
  }

  /** ...or this long (processing time) after its first element, whichever comes first. */
  public ExactlyOnce withMaxBatchDelay(Duration delay) {
    Objects.requireNonNull(delay, "ExactlyOnce.withMaxBatchDelay");
    if (delay.toMillis() < 1) {
      throw new IllegalArgumentException("ExactlyOnce.withMaxBatchDelay must be at least 1 ms, was " + delay);
    }
    return with(x -> x.maxBatchDelay = delay);
  }

  /** Where committed batch ids are recorded. One table serves every job and sink id. */
  public ExactlyOnce withCheckpointTable(String keyspace, String table) {
    requireCqlName("withCheckpointTable keyspace", keyspace);
    requireCqlName("withCheckpointTable table", table);
    return with(x -> {
      x.keyspace = keyspace;
      x.table = table;
    });
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
    return with(x -> x.replication = new LinkedHashMap<>(replication));
  }

  /** Consistency of the lookups and records in the checkpoint table (default LOCAL_QUORUM). */
  public ExactlyOnce withConsistencyLevel(ConsistencyLevel level) {
    Objects.requireNonNull(level, "ExactlyOnce.withConsistencyLevel");
    return with(x -> x.consistencyLevel = level.name());
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
    return with(x -> x.recordTtl = ttl);
  }

  /** Whether a missing checkpoint keyspace and table are created (default true). */
  public ExactlyOnce withCreateTable(boolean create) {
    return with(x -> x.createTable = create);
  }

  /** Sees every batch at every stage; an exception thrown here fails the bundle (tests inject faults so). */
  public ExactlyOnce withBatchListener(BatchListener listener) {
    Objects.requireNonNull(listener, "ExactlyOnce.withBatchListener");
    return with(x -> x.listener = listener);
  }

  public String sinkId() {
    return s.sinkId;
  }

  public int shards() {
    return s.shards;
  }

  public int maxBatchElements() {
    return s.maxBatchElements;
  }

  public Duration maxBatchDelay() {
    return s.maxBatchDelay;
  }

  public String keyspace() {
    return s.keyspace;
  }

  public String table() {
    return s.table;
  }

  public @Nullable Map<String, String> replication() {
    return s.replication;
  }

  public ConsistencyLevel consistencyLevel() {
    return DefaultConsistencyLevel.valueOf(s.consistencyLevel);
  }

  public Duration recordTtl() {
    return s.recordTtl;
  }

  public boolean createTable() {
    return s.createTable;
  }

  public @Nullable BatchListener listener() {
    return s.listener;
  }

  void populateDisplayData(DisplayData.Builder builder) {
    builder.add(DisplayData.item("exactlyOnceSinkId", s.sinkId))
        .add(DisplayData.item("exactlyOnceShards", s.shards))
        .add(DisplayData.item("exactlyOnceMaxBatchElements", s.maxBatchElements))
        .add(DisplayData.item("exactlyOnceMaxBatchDelayMs", s.maxBatchDelay.toMillis()))
        .add(DisplayData.item("exactlyOnceCheckpointTable", s.keyspace + "." + s.table))
        .add(DisplayData.item("exactlyOnceRecordTtlSeconds", s.recordTtl.toSeconds()))
        .add(DisplayData.item("exactlyOnceConsistency", s.consistencyLevel));
  }

  private ExactlyOnce with(Consumer<Settings> change) {
    Settings copy = s.copy();
    change.accept(copy);
    return new ExactlyOnce(copy);
  }

  /** The mutable scratch form of the options, copied on every change (as CassandraIO.Write does). */
  private static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;
    String sinkId;
    int shards = DEFAULT_SHARDS;
    int maxBatchElements = DEFAULT_MAX_BATCH_ELEMENTS;
    Duration maxBatchDelay = DEFAULT_MAX_BATCH_DELAY;
    String keyspace = DEFAULT_KEYSPACE;
    String table = DEFAULT_TABLE;
    @Nullable Map<String, String> replication;
    String consistencyLevel = DefaultConsistencyLevel.LOCAL_QUORUM.name();
    Duration recordTtl = DEFAULT_RECORD_TTL;
    boolean createTable = true;
    @Nullable BatchListener listener;

    Settings copy() {
      Settings c = new Settings();
      c.sinkId = sinkId;
      c.shards = shards;
      c.maxBatchElements = maxBatchElements;
      c.maxBatchDelay = maxBatchDelay;
      c.keyspace = keyspace;
      c.table = table;
      c.replication = replication;
      c.consistencyLevel = consistencyLevel;
      c.recordTtl = recordTtl;
      c.createTable = createTable;
      c.listener = listener;
      return c;
    }
  }

  private static void requireCqlName(String option, String name) {
    Objects.requireNonNull(name, option);
    if (!CQL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("ExactlyOnce." + option + " must be a CQL name (a letter, then up to "
          + "47 letters, digits or _), was '" + name + "'");
    }
  }
}
