package io.cassandraio.internal.replay;

import io.cassandraio.BatchId;
import io.cassandraio.MicroBatch;
import io.cassandraio.listener.BatchListener;
import io.cassandraio.listener.BatchStage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of exactly-once: per shard, cuts the elements into micro-batches by count and by a
 * processing-time delay, and gives each batch its id and base write timestamp. Both come from
 * Beam state (epoch, next sequence number, last timestamp used), so they are created once: a
 * runner that restores this state after a failure cuts no batch twice, and a fresh job, which
 * has no state, starts a new epoch and never collides with an earlier job's ids.
 */
public final class SequenceFn<T> extends DoFn<KV<Integer, T>, MicroBatch<T>> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SequenceFn.class);

  private final String sinkId;
  private final int maxElements;
  private final Duration maxDelay;
  private final BatchListener listener;

  @StateId("buffer")
  private final StateSpec<BagState<T>> bufferSpec;

  @StateId("count")
  private final StateSpec<ValueState<Integer>> countSpec = StateSpecs.value(VarIntCoder.of());

  @StateId("epoch")
  private final StateSpec<ValueState<String>> epochSpec = StateSpecs.value(StringUtf8Coder.of());

  @StateId("nextSequence")
  private final StateSpec<ValueState<Long>> nextSequenceSpec = StateSpecs.value(VarLongCoder.of());

  @StateId("nextTimestamp")
  private final StateSpec<ValueState<Long>> nextTimestampSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("flush")
  private final TimerSpec flushSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  public SequenceFn(String sinkId, int maxElements, java.time.Duration maxDelay, Coder<T> elementCoder,
      BatchListener listener) {
    this.sinkId = sinkId;
    this.maxElements = maxElements;
    this.maxDelay = Duration.millis(maxDelay.toMillis());
    this.listener = listener;
    this.bufferSpec = StateSpecs.bag(elementCoder);
  }

  @ProcessElement
  public void processElement(@Element KV<Integer, T> element,
      @StateId("buffer") BagState<T> buffer,
      @StateId("count") ValueState<Integer> count,
      @StateId("epoch") ValueState<String> epoch,
      @StateId("nextSequence") ValueState<Long> nextSequence,
      @StateId("nextTimestamp") ValueState<Long> nextTimestamp,
      @TimerId("flush") Timer flush,
      OutputReceiver<MicroBatch<T>> out) {
    buffer.add(element.getValue());
    int n = (count.read() == null ? 0 : count.read()) + 1;
    count.write(n);
    if (n == 1) {
      flush.offset(maxDelay).setRelative();
    }
    if (n >= maxElements) {
      cut(element.getKey(), buffer, count, epoch, nextSequence, nextTimestamp, out);
    }
  }

  @OnTimer("flush")
  public void onFlush(@Key Integer shard,
      @StateId("buffer") BagState<T> buffer,
      @StateId("count") ValueState<Integer> count,
      @StateId("epoch") ValueState<String> epoch,
      @StateId("nextSequence") ValueState<Long> nextSequence,
      @StateId("nextTimestamp") ValueState<Long> nextTimestamp,
      OutputReceiver<MicroBatch<T>> out) {
    cut(shard, buffer, count, epoch, nextSequence, nextTimestamp, out);
  }

  @OnWindowExpiration
  public void onWindowExpiration(@Key Integer shard,
      @StateId("buffer") BagState<T> buffer,
      @StateId("count") ValueState<Integer> count,
      @StateId("epoch") ValueState<String> epoch,
      @StateId("nextSequence") ValueState<Long> nextSequence,
      @StateId("nextTimestamp") ValueState<Long> nextTimestamp,
      OutputReceiver<MicroBatch<T>> out) {
    cut(shard, buffer, count, epoch, nextSequence, nextTimestamp, out);
  }

  private void cut(int shard, BagState<T> buffer, ValueState<Integer> count, ValueState<String> epoch,
      ValueState<Long> nextSequence, ValueState<Long> nextTimestamp, OutputReceiver<MicroBatch<T>> out) {
    List<T> elements = new ArrayList<>();
    buffer.read().forEach(elements::add);
    if (elements.isEmpty()) {
      return;
    }
    String e = epoch.read();
    if (e == null) {
      // No state: a fresh job (or the first batch of this shard). A restore keeps the epoch.
      e = UUID.randomUUID().toString();
      epoch.write(e);
      LOG.debug("{} shard {}: no epoch in state, starting epoch {}", sinkId, shard, e);
    }
    long sequence = nextSequence.read() == null ? 0 : nextSequence.read();
    // Strictly after every timestamp this shard used, even if the clock went back.
    long floor = nextTimestamp.read() == null ? 0 : nextTimestamp.read();
    long base = Math.max(System.currentTimeMillis() * 1000, floor);
    MicroBatch<T> batch = new MicroBatch<>(new BatchId(sinkId, e, shard, sequence), base, elements);
    nextSequence.write(sequence + 1);
    nextTimestamp.write(base + elements.size());
    buffer.clear();
    count.clear();
    listener.onBatch(BatchStage.CUT, batch.id(), elements.size());
    out.output(batch);
  }
}
