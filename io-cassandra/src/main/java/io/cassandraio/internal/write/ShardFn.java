package io.cassandraio.internal.write;

import java.nio.ByteBuffer;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Step 1 of exactly-once: assigns each element to a shard by its partition key, so that every
 * row of a partition lands in the same shard and a shard's batches stay groupable. The shard is
 * a pure function of the key's bytes: a replay assigns the same shard.
 */
final class ShardFn<T> extends DoFn<T, KV<Integer, T>> {
  private static final long serialVersionUID = 1L;

  private final WriteSpec<T> spec;
  private final int shards;

  private transient @Nullable WriteSession<T> ws;

  ShardFn(WriteSpec<T> spec, int shards) {
    this.spec = spec;
    this.shards = shards;
  }

  @Setup
  public void setup() {
    ws = WriteSession.open(spec, this);
  }

  @ProcessElement
  public void processElement(@Element T element, OutputReceiver<KV<Integer, T>> out) {
    out.output(KV.of(shardOf(ws.routingKeyOf(element), shards), element));
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
    if (ws != null) {
      ws.close();
      ws = null;
    }
  }
}
