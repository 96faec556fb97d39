package io.cassandraio;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.internal.replay.ExactlyOnceSpec;
import io.cassandraio.internal.statement.Consistency;
import io.cassandraio.internal.statement.TableName;
import io.cassandraio.listener.BatchListener;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

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
 *         .withCheckpointTable("cassandraio.committed_batches")
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

  public static final int DEFAULT_SHARDS = 16;
  public static final int DEFAULT_MAX_BATCH_ELEMENTS = 500;
  public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofSeconds(1);
  public static final String DEFAULT_CHECKPOINT_TABLE = "cassandraio.committed_batches";
  public static final Duration DEFAULT_RECORD_TTL = Duration.ofDays(7);
  /** Parsed once; its keyspace is also where a bare table name goes. */
  private static final TableName DEFAULT_TABLE_NAME =
      TableName.parse("ExactlyOnce.withCheckpointTable", DEFAULT_CHECKPOINT_TABLE);

  private final ExactlyOnceSpec spec;

  private ExactlyOnce(ExactlyOnceSpec spec) {
    this.spec = spec;
  }

  /** Exactly-once for the write named {@code sinkId} (letters, digits, {@code _ . : -}; at most 128). */
  public static ExactlyOnce sinkId(String sinkId) {
    Objects.requireNonNull(sinkId, "ExactlyOnce.sinkId must not be null");
    if (!SINK_ID.matcher(sinkId).matches()) {
      throw new IllegalArgumentException("ExactlyOnce.sinkId must be 1 to 128 letters, digits or _ . : -, was '"
          + sinkId + "'");
    }
    return new ExactlyOnce(ExactlyOnceSpec.builder()
        .setSinkId(sinkId)
        .setShards(DEFAULT_SHARDS)
        .setMaxBatchElements(DEFAULT_MAX_BATCH_ELEMENTS)
        .setMaxBatchDelay(DEFAULT_MAX_BATCH_DELAY)
        .setCheckpointTable(DEFAULT_TABLE_NAME)
        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)
        .setRecordTtl(DEFAULT_RECORD_TTL)
        .setCreateTable(true)
        .build());
  }

  /**
   * How many shards (keys of the sequencing state) the elements are spread over by partition key:
   * the parallelism of the exactly-once write.
   */
  public ExactlyOnce withShards(int shards) {
    if (shards < 1 || shards > 65_536) {
      throw new IllegalArgumentException("ExactlyOnce.withShards must be between 1 and 65536, was " + shards);
    }
    return with(b -> b.setShards(shards));
  }

  /** A micro-batch is cut at this many elements... */
  public ExactlyOnce withMaxBatchElements(int elements) {
    if (elements < 1) {
      throw new IllegalArgumentException("ExactlyOnce.withMaxBatchElements must be at least 1, was " + elements);
    }
    return with(b -> b.setMaxBatchElements(elements));
  }

  /** ...or this long (processing time) after its first element, whichever comes first. */
  public ExactlyOnce withMaxBatchDelay(Duration delay) {
    Objects.requireNonNull(delay, "ExactlyOnce.withMaxBatchDelay must not be null");
    if (delay.toMillis() < 1) {
      throw new IllegalArgumentException("ExactlyOnce.withMaxBatchDelay must be at least 1 ms, was " + delay);
    }
    return with(b -> b.setMaxBatchDelay(delay));
  }

  /**
   * Where committed batch ids are recorded, as {@code keyspace.table} (a bare table goes into the
   * keyspace {@code cassandraio}). One table serves every job and sink id. Default {@value
   * #DEFAULT_CHECKPOINT_TABLE}.
   */
  public ExactlyOnce withCheckpointTable(String table) {
    TableName name = TableName.parse("ExactlyOnce.withCheckpointTable", table).orKeyspace(DEFAULT_TABLE_NAME.keyspace());
    return with(b -> b.setCheckpointTable(name));
  }

  /**
   * The replication of the checkpoint keyspace if this write creates it, as in CQL's {@code WITH
   * replication = {...}}. Default: NetworkTopologyStrategy with every datacenter the driver sees
   * at min(3, its nodes), never a forced replication factor of 1.
   */
  public ExactlyOnce withReplication(Map<String, String> replication) {
    Objects.requireNonNull(replication, "ExactlyOnce.withReplication must not be null");
    if (!replication.containsKey("class")) {
      throw new IllegalArgumentException("ExactlyOnce.withReplication needs a 'class' entry, was " + replication);
    }
    Map<String, String> copy = Collections.unmodifiableMap(new LinkedHashMap<>(replication));
    return with(b -> b.setReplication(copy));
  }

  /** Consistency of the lookups and records in the checkpoint table (default LOCAL_QUORUM). */
  public ExactlyOnce withConsistencyLevel(ConsistencyLevel level) {
    DefaultConsistencyLevel known = Consistency.of("ExactlyOnce.withConsistencyLevel", level);
    return with(b -> b.setConsistencyLevel(known));
  }

  /**
   * How long a committed batch id is kept (default 7 days). It must outlast the longest time a
   * job may be down and then restored from a checkpoint: an expired id no longer protects a replay.
   */
  public ExactlyOnce withRecordTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ExactlyOnce.withRecordTtl must not be null");
    if (ttl.toSeconds() < 60 || ttl.toSeconds() > 630_720_000L) {
      throw new IllegalArgumentException("ExactlyOnce.withRecordTtl must be between 1 minute and 20 years, was " + ttl);
    }
    return with(b -> b.setRecordTtl(ttl));
  }

  /** Whether a missing checkpoint keyspace and table are created (default true). */
  public ExactlyOnce withCreateTable(boolean create) {
    return with(b -> b.setCreateTable(create));
  }

  /** Sees every batch at every stage; an exception thrown here fails the bundle (tests inject faults so). */
  public ExactlyOnce withBatchListener(BatchListener listener) {
    Objects.requireNonNull(listener, "ExactlyOnce.withBatchListener must not be null");
    return with(b -> b.setUserListener(listener));
  }

  public String sinkId() {
    return spec.sinkId();
  }

  /** The options as the workers use them; not API. */
  ExactlyOnceSpec spec() {
    return spec;
  }

  @Override
  public String toString() {
    return "ExactlyOnce{sinkId=" + spec.sinkId() + ", checkpointTable=" + spec.checkpointTable() + "}";
  }

  private ExactlyOnce with(UnaryOperator<ExactlyOnceSpec.Builder> change) {
    return new ExactlyOnce(change.apply(spec.toBuilder()).build());
  }
}
