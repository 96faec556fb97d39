package io.cassandraio.listener;

import io.cassandraio.BatchId;
import java.io.Serializable;

/**
 * Sees every micro-batch of an exactly-once write at every {@link BatchStage}, on the worker
 * thread that handles it. An exception thrown here fails the bundle, as any worker failure
 * would: that is how the tests inject failures at chosen points.
 */
@FunctionalInterface
public interface BatchListener extends Serializable {
  void onBatch(BatchStage stage, BatchId id, int elements);
}
