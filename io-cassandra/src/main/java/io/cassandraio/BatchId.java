package io.cassandraio;

import java.io.Serializable;

/**
 * A micro-batch's identity: the sink, the epoch of its sequence (one per fresh job and shard),
 * the shard and the sequence number within them. A replayed batch carries the same id.
 */
public record BatchId(String sinkId, String epoch, int shard, long sequence) implements Serializable {
  @Override
  public String toString() {
    return sinkId + "/" + epoch + "/" + shard + "/" + sequence;
  }
}
