package io.cassandraio;

import io.cassandraio.replay.BatchListener;
import io.cassandraio.replay.MicroBatch;
import io.cassandraio.replay.MicroBatchCoder;
import io.cassandraio.replay.RunnerRequirements;
import io.cassandraio.replay.SequenceFn;
import io.cassandraio.replay.ShardFn;
import io.cassandraio.result.FailedWrite;
import io.cassandraio.result.PublishStatsFn;
import io.cassandraio.result.WriteStats;
import io.cassandraio.statement.StatementFactory;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The exactly-once form of the write: shard by partition key, cut micro-batches with ids and
 * timestamps held in state, write them behind the checkpoint table. Its {@link #validate} checks
 * that the runner keeps the promises this relies on.
 */
final class ExactlyOnceWrite<T> extends PTransform<PCollection<T>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;
  private static final BatchListener NO_LISTENER = (stage, id, elements) -> {};

  private final CassandraIO.Write<T> spec;
  private final StatementFactory<T> statements;
  private final ExactlyOnce exactlyOnce;
  private final boolean unboundedInput;
  private final TupleTag<Long> signalTag;
  private final TupleTag<FailedWrite<T>> failuresTag;

  ExactlyOnceWrite(CassandraIO.Write<T> spec, StatementFactory<T> statements, ExactlyOnce exactlyOnce,
      boolean unboundedInput, TupleTag<Long> signalTag, TupleTag<FailedWrite<T>> failuresTag) {
    this.spec = spec;
    this.statements = statements;
    this.exactlyOnce = exactlyOnce;
    this.unboundedInput = unboundedInput;
    this.signalTag = signalTag;
    this.failuresTag = failuresTag;
  }

  @Override
  public void validate(@Nullable PipelineOptions options) {
    RunnerRequirements.check(options, unboundedInput, exactlyOnce.sinkId());
  }

  @Override
  public PCollectionTuple expand(PCollection<T> input) {
    BatchListener listener = listener(exactlyOnce);
    PCollection<MicroBatch<T>> batches = input
        .apply("Shard by partition key", ParDo.of(new ShardFn<>(spec.connection(), statements, exactlyOnce.shards())))
        .setCoder(KvCoder.of(VarIntCoder.of(), input.getCoder()))
        .apply("Cut micro-batches", ParDo.of(new SequenceFn<>(exactlyOnce.sinkId(), exactlyOnce.maxBatchElements(),
            exactlyOnce.maxBatchDelay(), input.getCoder(), listener)))
        .setCoder(MicroBatchCoder.of(input.getCoder()));
    return writeBatches(batches, spec, statements, exactlyOnce, signalTag, failuresTag);
  }

  /** Step 3 alone: also what {@link CassandraIO.Write#writeMicroBatches} applies. */
  static <T> PCollectionTuple writeBatches(PCollection<MicroBatch<T>> batches, CassandraIO.Write<T> spec,
      StatementFactory<T> statements, ExactlyOnce exactlyOnce, TupleTag<Long> signalTag,
      TupleTag<FailedWrite<T>> failuresTag) {
    TupleTag<WriteStats> statsTag = new TupleTag<>("writeStats") {};
    PCollectionTuple out = batches.apply("Write micro-batches once",
        ParDo.of(new ExactlyOnceWriteFn<>(spec, statements, exactlyOnce, listener(exactlyOnce), statsTag,
            ((MicroBatchCoder<T>) batches.getCoder()).getElementCoder()))
            .withOutputTags(signalTag, TupleTagList.of(failuresTag).and(statsTag)));
    out.get(statsTag).setCoder(SerializableCoder.of(WriteStats.class))
        .apply("Publish metrics", ParDo.of(new PublishStatsFn()));
    return out;
  }

  private static BatchListener listener(ExactlyOnce exactlyOnce) {
    return exactlyOnce.listener() == null ? NO_LISTENER : exactlyOnce.listener();
  }
}
