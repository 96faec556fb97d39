package io.cassandraio.replay;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.CassandraConnection;
import io.cassandraio.session.SessionLease;
import io.cassandraio.session.SharedSessions;
import io.cassandraio.statement.StatementFactory;
import io.cassandraio.statement.StatementMaker;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Step 1 of exactly-once: assigns each element to a shard by its partition key, so that every
 * row of a partition lands in the same shard and a shard's batches stay groupable. The shard is
 * a pure function of the key's bytes: a replay assigns the same shard.
 */
public final class ShardFn<T> extends DoFn<T, KV<Integer, T>> {
  private static final long serialVersionUID = 1L;

  private final CassandraConnection connection;
  private final StatementFactory<T> statements;
  private final int shards;

  private transient @Nullable SessionLease lease;
  private transient StatementMaker<T> maker;

  public ShardFn(CassandraConnection connection, StatementFactory<T> statements, int shards) {
    this.connection = connection;
    this.statements = statements;
    this.shards = shards;
  }

  @Setup
  public void setup() {
    lease = SharedSessions.acquire(connection, this);
    try {
      maker = statements.open(lease);
    } catch (RuntimeException e) {
      lease.close();
      lease = null;
      throw e;
    }
  }

  @ProcessElement
  public void processElement(@Element T element, OutputReceiver<KV<Integer, T>> out) {
    BoundStatement statement;
    try {
      statement = maker.make(element);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("CassandraIO.write(" + statements.describe()
          + ").withExactlyOnce: cannot make a statement for element " + element + ": " + e.getMessage(), e);
    }
    out.output(KV.of(shardOf(statement.getRoutingKey(), shards), element));
  }

  /** Statements without a routing key (no partition key bound) all go to shard 0. */
  static int shardOf(@Nullable ByteBuffer routingKey, int shards) {
    if (routingKey == null) {
      return 0;
    }
    int h = 1;
    for (int i = routingKey.position(); i < routingKey.limit(); i++) {
      h = 31 * h + routingKey.get(i);
    }
    // Spread the bits: keys that differ only in their last byte should not land in neighbouring shards only.
    h ^= (h >>> 16);
    h *= 0x85ebca6b;
    h ^= (h >>> 13);
    return Math.floorMod(h, shards);
  }

  @Teardown
  public void teardown() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
