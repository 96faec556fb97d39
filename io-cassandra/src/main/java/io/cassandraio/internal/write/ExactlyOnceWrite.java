package io.cassandraio.internal.write;

import io.cassandraio.FailedWrite;
import io.cassandraio.MicroBatch;
import io.cassandraio.MicroBatchCoder;
import io.cassandraio.internal.replay.ExactlyOnceSpec;
import io.cassandraio.internal.replay.RunnerRequirements;
import io.cassandraio.internal.replay.SequenceFn;
import io.cassandraio.internal.result.PublishStatsFn;
import io.cassandraio.internal.result.WriteStats;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
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
public final class ExactlyOnceWrite<T> extends PTransform<PCollection<T>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  private final WriteSpec<T> spec;
  private final boolean unboundedInput;
  private final TupleTag<Long> signalTag;
  private final TupleTag<FailedWrite<T>> failuresTag;

  public ExactlyOnceWrite(WriteSpec<T> spec, boolean unboundedInput, TupleTag<Long> signalTag,
      TupleTag<FailedWrite<T>> failuresTag) {
    this.spec = spec;
    this.unboundedInput = unboundedInput;
    this.signalTag = signalTag;
    this.failuresTag = failuresTag;
  }

  @Override
  public void validate(@Nullable PipelineOptions options) {
    RunnerRequirements.check(options, unboundedInput, spec.exactlyOnce().sinkId());
  }

  /**
   * Every step is a multi-output {@code ParDo} applied under a fixed name: a single-output one
   * would add a primitive named after its DoFn class ({@code ParMultiDo(Sequence)}), and Flink's
   * operator uid, under which savepoints keep the state, would then change with a class rename.
   */
  @Override
  public PCollectionTuple expand(PCollection<T> input) {
    ExactlyOnceSpec eo = spec.exactlyOnce();
    TupleTag<KV<Integer, T>> shardedTag = new TupleTag<>("sharded") {};
    TupleTag<MicroBatch<T>> batchesTag = new TupleTag<>("microBatches") {};
    PCollection<MicroBatch<T>> batches = input
        .apply("Shard by partition key", ParDo.of(new ShardFn<>(spec, eo.shards()))
            .withOutputTags(shardedTag, TupleTagList.empty()))
        .get(shardedTag)
        .setCoder(KvCoder.of(VarIntCoder.of(), input.getCoder()))
        .apply("Cut micro-batches", ParDo.of(new SequenceFn<>(eo.sinkId(), eo.maxBatchElements(),
            eo.maxBatchDelay(), input.getCoder(), eo.listener())).withOutputTags(batchesTag, TupleTagList.empty()))
        .get(batchesTag)
        .setCoder(MicroBatchCoder.of(input.getCoder()));
    return writeBatches(batches, spec, signalTag, failuresTag);
  }

  /** Step 3 alone: also what {@code CassandraIO.Write#writeMicroBatches} applies. */
  public static <T> PCollectionTuple writeBatches(PCollection<MicroBatch<T>> batches, WriteSpec<T> spec,
      TupleTag<Long> signalTag, TupleTag<FailedWrite<T>> failuresTag) {
    TupleTag<WriteStats> statsTag = new TupleTag<>("writeStats") {};
    PCollectionTuple out = batches.apply("Write micro-batches once",
        ParDo.of(new ExactlyOnceWriteFn<>(spec, statsTag, ((MicroBatchCoder<T>) batches.getCoder()).getElementCoder()))
            .withOutputTags(signalTag, TupleTagList.of(failuresTag).and(statsTag)));
    out.get(statsTag).setCoder(SerializableCoder.of(WriteStats.class))
        .apply("Publish metrics", ParDo.of(new PublishStatsFn())
            .withOutputTags(new TupleTag<Void>("none") {}, TupleTagList.empty()));
    return out;
  }
}
