package io.cassandraio.internal.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.cassandraio.BatchId;
import io.cassandraio.MicroBatch;
import io.cassandraio.MicroBatchCoder;
import io.cassandraio.listener.BatchListener;
import io.cassandraio.listener.BatchStage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * How the sequencing step cuts micro-batches: by count and by a processing-time delay, with ids
 * and base timestamps that come from state. First on the DirectRunner, with processing time
 * driven by a {@link TestStream} (the runner takes the next TestStream event only once the
 * pipeline is quiescent, so what is buffered when time advances is known); then method by method
 * against in-memory state, for what a pipeline cannot show (a restore, a clock that goes back).
 */
public class SequenceFnTest {
  private static final String SINK = "sink";
  private static final java.time.Duration DELAY = java.time.Duration.ofSeconds(10);
  private static final Duration PAST_DELAY = Duration.standardSeconds(11);
  private static final BatchListener NO_LISTENER = (stage, id, elements) -> {};

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static KV<Integer, String> kv(int shard, String element) {
    return KV.of(shard, element);
  }

  private static TestStream.Builder<KV<Integer, String>> stream() {
    return TestStream.create(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()));
  }

  /** All of {@code elements} in one event. */
  private static TestStream.Builder<KV<Integer, String>> addAll(TestStream.Builder<KV<Integer, String>> stream,
      List<KV<Integer, String>> elements) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    KV<Integer, String>[] rest = elements.subList(1, elements.size()).toArray(new KV[0]);
    return stream.addElements(elements.get(0), rest);
  }

  private PCollection<MicroBatch<String>> sequence(TestStream<KV<Integer, String>> input, int maxElements) {
    return pipeline.apply(input)
        .apply(ParDo.of(new SequenceFn<>(SINK, maxElements, DELAY, StringUtf8Coder.of(), NO_LISTENER)))
        .setCoder(MicroBatchCoder.of(StringUtf8Coder.of()));
  }

  /** The batches of each shard by sequence number; fails on a sequence number seen twice. */
  private static Map<Integer, List<MicroBatch<String>>> byShard(Iterable<MicroBatch<String>> batches) {
    Map<Integer, TreeMap<Long, MicroBatch<String>>> shards = new TreeMap<>();
    for (MicroBatch<String> b : batches) {
      MicroBatch<String> earlier = shards.computeIfAbsent(b.id().shard(), s -> new TreeMap<>()).put(b.id().sequence(), b);
      assertEquals("sequence number used twice: " + b.id(), null, earlier);
    }
    Map<Integer, List<MicroBatch<String>>> out = new TreeMap<>();
    shards.forEach((shard, seqs) -> out.put(shard, new ArrayList<>(seqs.values())));
    return out;
  }

  private static List<Integer> sizes(List<MicroBatch<String>> batches) {
    return batches.stream().map(b -> b.elements().size()).toList();
  }

  /**
   * One shard's batches: the sink's id, one epoch, sequence numbers 0, 1, 2, ... and timestamp
   * ranges [base, base + size) that follow each other without overlap.
   */
  private static void assertOneSequence(List<MicroBatch<String>> batches) {
    String epoch = batches.get(0).id().epoch();
    for (int i = 0; i < batches.size(); i++) {
      BatchId id = batches.get(i).id();
      assertEquals(SINK, id.sinkId());
      assertEquals("one epoch per shard", epoch, id.epoch());
      assertEquals("sequence numbers without gaps", i, id.sequence());
      if (i > 0) {
        MicroBatch<String> previous = batches.get(i - 1);
        assertTrue("batch " + id + " starts at " + batches.get(i).baseTimestampMicros() + ", inside the previous "
                + "batch's timestamps", batches.get(i).baseTimestampMicros()
                >= previous.baseTimestampMicros() + previous.elements().size());
      }
    }
  }

  private static Set<String> elementsOf(List<MicroBatch<String>> batches) {
    Set<String> all = new HashSet<>();
    int count = 0;
    for (MicroBatch<String> b : batches) {
      all.addAll(b.elements());
      count += b.elements().size();
    }
    assertEquals("an element in two batches", all.size(), count);
    return all;
  }

  @Test
  public void batchesAreCutAtMaxElementsAndAfterTheDelay() {
    TestStream<KV<Integer, String>> input = stream()
        .addElements(kv(0, "a"), kv(0, "b"), kv(0, "c"), kv(0, "d")) // 3 cut by count, d waits
        .advanceProcessingTime(PAST_DELAY) // d cut by the delay
        .addElements(kv(0, "e"), kv(0, "f"))
        .advanceProcessingTime(PAST_DELAY) // e, f cut by the delay, although fewer than 3
        .addElements(kv(0, "g"))
        .advanceWatermarkToInfinity(); // g cut at the end
    PAssert.that(sequence(input, 3)).satisfies(all -> {
      Map<Integer, List<MicroBatch<String>>> shards = byShard(all);
      assertEquals(Set.of(0), shards.keySet());
      List<MicroBatch<String>> batches = shards.get(0);
      assertEquals(List.of(3, 1, 2, 1), sizes(batches));
      assertOneSequence(batches);
      assertEquals(Set.of("a", "b", "c", "d"), elementsOf(batches.subList(0, 2)));
      assertEquals(Set.of("e", "f"), Set.copyOf(batches.get(2).elements()));
      assertEquals(List.of("g"), batches.get(3).elements());
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void eachShardHasItsOwnSequenceAndNoElementIsLostOrDuplicated() {
    TestStream.Builder<KV<Integer, String>> input = stream();
    List<KV<Integer, String>> first = new ArrayList<>();
    List<KV<Integer, String>> second = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (int shard = 0; shard < 3; shard++) {
      for (int i = 0; i < 10; i++) {
        first.add(kv(shard, shard + "-" + i));
        second.add(kv(shard, shard + "-" + (10 + i)));
        expected.add(shard + "-" + i);
        expected.add(shard + "-" + (10 + i));
      }
    }
    TestStream<KV<Integer, String>> events = addAll(addAll(input, first).advanceProcessingTime(PAST_DELAY), second)
        .advanceWatermarkToInfinity();
    PAssert.that(sequence(events, 4)).satisfies(all -> {
      Map<Integer, List<MicroBatch<String>>> shards = byShard(all);
      assertEquals(Set.of(0, 1, 2), shards.keySet());
      Set<String> epochs = new HashSet<>();
      Set<String> seen = new HashSet<>();
      for (Map.Entry<Integer, List<MicroBatch<String>>> shard : shards.entrySet()) {
        List<MicroBatch<String>> batches = shard.getValue();
        // 10 elements: 4 and 4 by count, 2 by the delay; then the same again, the last 2 at the end.
        assertEquals("shard " + shard.getKey(), List.of(4, 4, 2, 4, 4, 2), sizes(batches));
        assertOneSequence(batches);
        epochs.add(batches.get(0).id().epoch());
        for (String e : elementsOf(batches)) {
          assertTrue(e + " in shard " + shard.getKey(), e.startsWith(shard.getKey() + "-"));
          assertTrue(e + " twice", seen.add(e));
        }
      }
      assertEquals("every shard starts its own epoch", 3, epochs.size());
      assertEquals(expected, seen);
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  // ---------------------------------------------------------------------------------------------
  // Method by method, against in-memory state.

  /** The state of one shard, as a runner keeps (and after a failure restores) it. */
  private static final class ShardState {
    final List<String> buffer = new ArrayList<>();
    Integer count;
    String epoch;
    Long nextSequence;
    Long nextTimestamp;

    ShardState copy() {
      ShardState c = new ShardState();
      c.buffer.addAll(buffer);
      c.count = count;
      c.epoch = epoch;
      c.nextSequence = nextSequence;
      c.nextTimestamp = nextTimestamp;
      return c;
    }
  }

  private interface Cell<V> {
    V get();

    void set(V v);
  }

  private static <V> ValueState<V> value(Cell<V> cell) {
    return new ValueState<V>() {
      @Override
      public void write(V v) {
        cell.set(v);
      }

      @Override
      public V read() {
        return cell.get();
      }

      @Override
      public ValueState<V> readLater() {
        return this;
      }

      @Override
      public void clear() {
        cell.set(null);
      }
    };
  }

  private static BagState<String> bag(List<String> list) {
    return new BagState<String>() {
      @Override
      public Iterable<String> read() {
        return new ArrayList<>(list);
      }

      @Override
      public BagState<String> readLater() {
        return this;
      }

      @Override
      public void add(String s) {
        list.add(s);
      }

      @Override
      public ReadableState<Boolean> isEmpty() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void clear() {
        list.clear();
      }
    };
  }

  /** Calls the DoFn's methods as a runner would, with the shard's state. */
  private static final class Driver {
    final SequenceFn<String> fn;
    final int shard;
    ShardState state = new ShardState();
    final Timer timer = mock(Timer.class, RETURNS_SELF);
    final List<MicroBatch<String>> out = new ArrayList<>();
    final DoFn.OutputReceiver<MicroBatch<String>> receiver = new DoFn.OutputReceiver<>() {
      @Override
      public void output(MicroBatch<String> batch) {
        out.add(batch);
      }

      @Override
      public void outputWithTimestamp(MicroBatch<String> batch, Instant timestamp) {
        out.add(batch);
      }
    };

    Driver(int maxElements, int shard, BatchListener listener) {
      this.fn = new SequenceFn<>(SINK, maxElements, DELAY, StringUtf8Coder.of(), listener);
      this.shard = shard;
    }

    Driver(int maxElements, int shard) {
      this(maxElements, shard, NO_LISTENER);
    }

    ValueState<Integer> count() {
      return value(new Cell<>() {
        public Integer get() {
          return state.count;
        }

        public void set(Integer v) {
          state.count = v;
        }
      });
    }

    ValueState<String> epoch() {
      return value(new Cell<>() {
        public String get() {
          return state.epoch;
        }

        public void set(String v) {
          state.epoch = v;
        }
      });
    }

    ValueState<Long> nextSequence() {
      return value(new Cell<>() {
        public Long get() {
          return state.nextSequence;
        }

        public void set(Long v) {
          state.nextSequence = v;
        }
      });
    }

    ValueState<Long> nextTimestamp() {
      return value(new Cell<>() {
        public Long get() {
          return state.nextTimestamp;
        }

        public void set(Long v) {
          state.nextTimestamp = v;
        }
      });
    }

    void element(String e) {
      fn.processElement(KV.of(shard, e), bag(state.buffer), count(), epoch(), nextSequence(), nextTimestamp(), timer,
          receiver);
    }

    void timerFires() {
      fn.onFlush(shard, bag(state.buffer), count(), epoch(), nextSequence(), nextTimestamp(), receiver);
    }

    void windowExpires() {
      fn.onWindowExpiration(shard, bag(state.buffer), count(), epoch(), nextSequence(), nextTimestamp(), receiver);
    }
  }

  @Test
  public void theFlushTimerIsSetWhenABatchStarts() {
    Driver d = new Driver(3, 0);
    for (String e : List.of("a", "b", "c", "d", "e", "f", "g")) {
      d.element(e);
    }
    assertEquals(List.of(List.of("a", "b", "c"), List.of("d", "e", "f")),
        d.out.stream().map(MicroBatch::elements).toList());
    // On a, d and g: the first element of each batch, the delay counted from it.
    verify(d.timer, times(3)).offset(Duration.millis(DELAY.toMillis()));
    verify(d.timer, times(3)).setRelative();
    assertEquals(List.of("g"), d.state.buffer);
  }

  @Test
  public void theTimerAndTheWindowsEndCutWhatIsBufferedAndNothingElse() {
    Driver d = new Driver(3, 0);
    d.element("a");
    d.element("b");
    d.timerFires();
    d.timerFires(); // e.g. the timer of a batch that was already cut by count
    d.element("c");
    d.windowExpires();
    d.windowExpires();
    assertEquals(List.of(List.of("a", "b"), List.of("c")), d.out.stream().map(MicroBatch::elements).toList());
    assertEquals("an empty cut uses no sequence number", List.of(0L, 1L),
        d.out.stream().map(b -> b.id().sequence()).toList());
  }

  @Test
  public void idsAreSequentialPerShardAndEachShardHasItsEpoch() {
    Driver zero = new Driver(2, 0);
    Driver seven = new Driver(2, 7);
    for (int i = 0; i < 6; i++) {
      zero.element("z" + i);
      seven.element("s" + i);
    }
    for (Driver d : List.of(zero, seven)) {
      assertEquals(3, d.out.size());
      assertOneSequence(d.out);
      for (MicroBatch<String> b : d.out) {
        assertEquals(d.shard, b.id().shard());
      }
    }
    assertNotEquals(zero.out.get(0).id().epoch(), seven.out.get(0).id().epoch());
  }

  @Test
  public void aRestoredStateCutsTheSameIdsAndAFreshOneStartsANewEpoch() {
    Driver d = new Driver(2, 0);
    d.element("a");
    d.element("b");
    ShardState checkpoint = d.state.copy();
    d.element("c");
    d.element("d");
    BatchId lost = d.out.get(1).id();

    // The runner fails after the second batch and restores the checkpoint; c and d are replayed.
    d.state = checkpoint;
    d.element("c");
    d.element("d");
    assertEquals("the replayed batch has the id of the batch it replays", lost, d.out.get(2).id());

    // A fresh job: no state, a new epoch, sequence numbers from 0; never an earlier job's id.
    d.state = new ShardState();
    d.element("a");
    d.element("b");
    BatchId fresh = d.out.get(3).id();
    assertEquals(0L, fresh.sequence());
    assertNotEquals(lost.epoch(), fresh.epoch());
  }

  @Test
  public void timestampsStayAboveEveryTimestampUsedEvenIfTheClockGoesBack() {
    Driver d = new Driver(3, 0);
    long beforeMicros = System.currentTimeMillis() * 1000;
    d.element("a");
    d.element("b");
    d.element("c");
    long afterMicros = System.currentTimeMillis() * 1000;
    MicroBatch<String> first = d.out.get(0);
    assertTrue("the base of a fresh shard is the clock's time in micros",
        first.baseTimestampMicros() >= beforeMicros && first.baseTimestampMicros() <= afterMicros);
    assertEquals(first.baseTimestampMicros() + 3, (long) d.state.nextTimestamp);

    // As if the state were written by a machine whose clock was a day ahead.
    long dayAhead = afterMicros + 86_400_000_000L;
    d.state.nextTimestamp = dayAhead;
    d.element("d");
    d.timerFires();
    d.element("e");
    d.element("f");
    d.timerFires();
    assertEquals(dayAhead, d.out.get(1).baseTimestampMicros());
    assertEquals("the batch after it starts after its 1 element", dayAhead + 1, d.out.get(2).baseTimestampMicros());
    assertEquals(dayAhead + 1, d.out.get(2).timestampOf(0));
    assertEquals(dayAhead + 2, d.out.get(2).timestampOf(1));
  }

  @Test
  public void aBatchKeepsTheTimestampsItWasCutWith() {
    Driver d = new Driver(2, 0);
    d.element("a");
    d.element("b");
    MicroBatch<String> batch = d.out.get(0);
    long base = batch.baseTimestampMicros();
    // Later batches move the shard's clock on, not the batch already cut.
    d.element("c");
    d.element("d");
    assertEquals(base, batch.baseTimestampMicros());
    assertEquals(base + 1, batch.timestampOf(1));
    assertTrue(d.out.get(1).baseTimestampMicros() >= base + 2);
  }

  @Test
  public void theListenerSeesEveryCutWithItsIdAndSize() {
    List<String> seen = new ArrayList<>();
    BatchListener listener = (stage, id, elements) -> seen.add(stage + " " + id.sequence() + " " + elements);
    Driver d = new Driver(2, 0, listener);
    d.element("a");
    d.element("b");
    d.element("c");
    d.timerFires();
    assertEquals(List.of(BatchStage.CUT + " 0 2", BatchStage.CUT + " 1 1"), seen);
  }
}
