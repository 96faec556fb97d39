package io.cassandraio.internal.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import io.cassandraio.BatchId;
import io.cassandraio.MicroBatch;
import io.cassandraio.internal.Background;
import io.cassandraio.internal.execution.RetrySchedule;
import io.cassandraio.internal.result.WriteMetrics;
import io.cassandraio.internal.result.WriteStats;
import io.cassandraio.listener.BatchListener;
import io.cassandraio.listener.BatchStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The exactly-once commit protocol against an in-memory checkpoint store and a fake writer, at
 * every point where the Flink fault test injects a failure: before the write, after a partial
 * write, between the write and the record, and with two copies of a batch at once. Each failure is
 * followed by the replay a runner would do, which must write exactly what is missing.
 */
public class BatchCommitterTest {
  /** Safety net only: a leaked claim on a batch id would otherwise hang the build. */
  @Rule public Timeout timeout = Timeout.seconds(120);
  private static final RetrySchedule RETRY = new RetrySchedule(3, Duration.ZERO, Duration.ZERO);

  /** A fingerprint that depends on the elements and their order. */
  private static final Function<List<String>, @Nullable Long> CONTENTS = elements -> (long) elements.hashCode();

  /** Unique per test: claims on batch ids are per JVM. */
  private final String sinkId = "sink-" + UUID.randomUUID();
  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
  private final FakeMicroBatchWriter<String> writer = new FakeMicroBatchWriter<>();
  private final WriteMetrics metrics = new WriteMetrics();
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

  private record Event(BatchStage stage, BatchId id, int elements) {}

  /** What the committer fails a bundle with; distinct from anything else thrown here. */
  static final class BundleFailed extends RuntimeException {
    BundleFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private BatchId id(long sequence) {
    return new BatchId(sinkId, "epoch", 0, sequence);
  }

  private MicroBatch<String> batch(long sequence, String... elements) {
    return new MicroBatch<>(id(sequence), 1_000 * sequence, List.of(elements));
  }

  private BatchCommitter<String> committer(MicroBatchWriter<String> w, Function<List<String>, @Nullable Long> fp,
      BatchListener listener) {
    return new BatchCommitter<>("write(" + sinkId + ")", store, w, fp, listener, metrics, BundleFailed::new,
        RETRY);
  }

  private BatchCommitter<String> committer() {
    return committer(writer, CONTENTS, (stage, id, n) -> events.add(new Event(stage, id, n)));
  }

  private List<BatchStage> stagesOf(BatchId id) {
    synchronized (events) {
      return events.stream().filter(e -> e.id().equals(id)).map(Event::stage).toList();
    }
  }

  private static Long fingerprint(MicroBatch<String> b) {
    return CONTENTS.apply(b.elements());
  }

  private static MicroBatchWriter.Outcome incomplete(Set<Integer> incomplete, Throwable firstFailure) {
    return new MicroBatchWriter.Outcome(incomplete, firstFailure, null);
  }

  // ---- no failure ----

  @Test
  public void writesFreshBatchesThenRecordsEachWithItsFingerprint() throws Exception {
    MicroBatch<String> b0 = batch(0, "a", "b");
    MicroBatch<String> b1 = batch(1, "c", "d", "e");

    assertEquals(5, committer().commit(List.of(b0, b1)));

    assertEquals(List.of(id(0), id(1)), writer.onlyCall());
    assertEquals(Set.of(id(0), id(1)), store.recorded());
    assertEquals(fingerprint(b0), store.fingerprintOf(id(0)));
    assertEquals(fingerprint(b1), store.fingerprintOf(id(1)));
    assertEquals(List.of(BatchStage.BEFORE_WRITE, BatchStage.WRITTEN, BatchStage.RECORDED), stagesOf(id(0)));
    assertEquals(List.of(BatchStage.BEFORE_WRITE, BatchStage.WRITTEN, BatchStage.RECORDED), stagesOf(id(1)));
    assertTrue(events.contains(new Event(BatchStage.RECORDED, id(1), 3)));
    WriteStats stats = metrics.take();
    assertEquals(2, stats.batchesCommitted());
    assertEquals(0, stats.batchesSkipped());
    assertEquals(0, stats.changedReplays());
  }

  @Test
  public void everyBatchIsWrittenBeforeAnyIsRecorded() throws Exception {
    committer().commit(List.of(batch(0, "a"), batch(1, "b")));
    List<BatchStage> order = events.stream().map(Event::stage).toList();
    assertEquals(List.of(BatchStage.BEFORE_WRITE, BatchStage.BEFORE_WRITE, BatchStage.WRITTEN, BatchStage.WRITTEN,
        BatchStage.RECORDED, BatchStage.RECORDED), order);
  }

  // ---- failure before the write ----

  @Test
  public void aFailedLookupWritesAndRecordsNothingAndNamesTheBatchAndTheStore() throws Exception {
    RuntimeException down = new IllegalStateException("checkpoint table unavailable");
    store.failLookUpOf(id(1), down);
    List<MicroBatch<String>> bundle = List.of(batch(0, "a"), batch(1, "b"));

    BundleFailed e = assertThrows(BundleFailed.class, () -> committer().commit(bundle));

    assertSame(down, e.getCause());
    assertTrue(e.getMessage(), e.getMessage().contains(id(1).toString()));
    assertTrue(e.getMessage(), e.getMessage().contains(InMemoryCheckpointStore.NAME));
    assertTrue(e.getMessage(), e.getMessage().contains("write(" + sinkId + ")"));
    assertTrue("nothing written", writer.calls.isEmpty());
    assertTrue("nothing recorded", store.recorded().isEmpty());
    assertEquals(0, store.recordCalls.get());
    assertTrue(events.isEmpty());

    store.heal();
    assertEquals("the replay writes both", 2, committer().commit(bundle));
    assertEquals(List.of(id(0), id(1)), writer.onlyCall());
  }

  @Test
  public void aFailureAtBeforeWriteWritesAndRecordsNothing() throws Exception {
    RuntimeException injected = new IllegalStateException("injected at BEFORE_WRITE");
    BatchCommitter<String> failing = committer(writer, CONTENTS, (stage, id, n) -> {
      if (stage == BatchStage.BEFORE_WRITE) {
        throw injected;
      }
    });
    List<MicroBatch<String>> bundle = List.of(batch(0, "a"), batch(1, "b"));

    assertSame(injected, assertThrows(RuntimeException.class, () -> failing.commit(bundle)));
    assertTrue(writer.calls.isEmpty());
    assertTrue(store.recorded().isEmpty());

    assertEquals(2, committer().commit(bundle));
    assertEquals(List.of(id(0), id(1)), writer.onlyCall());
  }

  // ---- failure after a partial write ----

  @Test
  public void afterAPartialWriteOnlyCompleteBatchesAreRecordedAndTheReplayWritesOnlyTheRest() throws Exception {
    RuntimeException lost = new IllegalStateException("statement of batch 1 failed");
    writer.answering(batches -> incomplete(Set.of(1), lost));
    List<MicroBatch<String>> bundle = List.of(batch(0, "a"), batch(1, "b", "c"), batch(2, "d"));

    BundleFailed e = assertThrows(BundleFailed.class, () -> committer().commit(bundle));

    assertSame(lost, e.getCause());
    assertTrue(e.getMessage(), e.getMessage().contains("1 of 3"));
    assertTrue(e.getMessage(), e.getMessage().contains(id(1).toString()));
    assertEquals(Set.of(id(0), id(2)), store.recorded());
    assertEquals(List.of(BatchStage.BEFORE_WRITE), stagesOf(id(1)));
    assertEquals(List.of(BatchStage.BEFORE_WRITE, BatchStage.WRITTEN, BatchStage.RECORDED), stagesOf(id(2)));
    assertEquals(2, metrics.take().batchesCommitted());

    // The runner replays the bundle: same ids, same contents.
    writer.answering(batches -> MicroBatchWriter.Outcome.complete());
    events.clear();
    assertEquals("only batch 1's elements", 2, committer().commit(bundle));

    assertEquals(List.of(id(1)), writer.calls.get(1));
    assertEquals(Set.of(id(0), id(1), id(2)), store.recorded());
    assertEquals(List.of(BatchStage.SKIPPED), stagesOf(id(0)));
    assertEquals(List.of(BatchStage.SKIPPED), stagesOf(id(2)));
    WriteStats stats = metrics.take();
    assertEquals(2, stats.batchesSkipped());
    assertEquals(1, stats.batchesCommitted());
    assertEquals(0, stats.changedReplays());
  }

  @Test
  public void anExceptionThatStoppedTheWriteIsRethrownAfterTheCompleteBatchesAreRecorded() throws Exception {
    RuntimeException stopped = new IllegalStateException("the request listener refused a request");
    writer.answering(batches -> new MicroBatchWriter.Outcome(Set.of(1, 2), null, stopped));
    List<MicroBatch<String>> bundle = List.of(batch(0, "a"), batch(1, "b"), batch(2, "c"));

    assertSame(stopped, assertThrows(RuntimeException.class, () -> committer().commit(bundle)));

    assertEquals(Set.of(id(0)), store.recorded());
    assertEquals(List.of(BatchStage.BEFORE_WRITE, BatchStage.WRITTEN, BatchStage.RECORDED), stagesOf(id(0)));
    assertEquals(1, metrics.take().batchesCommitted());

    writer.answering(batches -> MicroBatchWriter.Outcome.complete());
    assertEquals(2, committer().commit(bundle));
    assertEquals(List.of(id(1), id(2)), writer.calls.get(1));
  }

  // ---- failure between the write and the record ----

  @Test
  public void aFailedRecordFailsTheBundleAndTheReplayWritesTheBatchAgain() throws Exception {
    RuntimeException down = new IllegalStateException("record timed out");
    store.failRecordOf(id(0), down);
    List<MicroBatch<String>> bundle = List.of(batch(0, "a"), batch(1, "b"));

    BundleFailed e = assertThrows(BundleFailed.class, () -> committer().commit(bundle));

    assertSame(down, e.getCause());
    assertTrue(e.getMessage(), e.getMessage().contains(InMemoryCheckpointStore.NAME));
    assertEquals("batch 1's record went through", Set.of(id(1)), store.recorded());
    assertEquals(List.of(BatchStage.BEFORE_WRITE, BatchStage.WRITTEN), stagesOf(id(0)));
    assertEquals("the record that went through is reported",
        List.of(BatchStage.BEFORE_WRITE, BatchStage.WRITTEN, BatchStage.RECORDED), stagesOf(id(1)));
    assertEquals("and counted", 1, metrics.take().batchesCommitted());
    assertTrue(e.getMessage(), e.getMessage().contains("1 of 2 micro-batches"));

    store.heal();
    assertEquals(1, committer().commit(bundle));
    assertEquals("not recorded, so written again", List.of(id(0)), writer.calls.get(1));
    assertEquals(Set.of(id(0), id(1)), store.recorded());
    assertEquals(2, writer.writesPerBatch.get(id(0)).intValue());
    assertEquals(1, writer.writesPerBatch.get(id(1)).intValue());
  }

  @Test
  public void aRecordThatFailsOnATransientErrorIsRecordedAgain() throws Exception {
    store.failRecordOnce(id(0), new DriverTimeoutException("record timed out"));
    assertEquals(1, committer().commit(List.of(batch(0, "a"))));
    assertEquals(Set.of(id(0)), store.recorded());
    assertEquals("the first try and one more", 2, store.recordCalls());
    assertEquals(List.of(BatchStage.BEFORE_WRITE, BatchStage.WRITTEN, BatchStage.RECORDED), stagesOf(id(0)));
    assertEquals(1, writer.writesPerBatch.get(id(0)).intValue());
  }

  @Test
  public void aRecordIsTriedAtMostMaxAttemptsTimes() {
    store.failRecordOf(id(0), new DriverTimeoutException("record timed out"));
    assertThrows(BundleFailed.class, () -> committer().commit(List.of(batch(0, "a"))));
    assertEquals(RETRY.maxAttempts(), store.recordCalls());
  }

  @Test
  public void aFailureAtWrittenLeavesTheBatchUnrecordedAndTheReplayWritesItAgain() throws Exception {
    RuntimeException injected = new IllegalStateException("injected at WRITTEN");
    BatchCommitter<String> failing = committer(writer, CONTENTS, (stage, id, n) -> {
      if (stage == BatchStage.WRITTEN) {
        throw injected;
      }
    });
    List<MicroBatch<String>> bundle = List.of(batch(0, "a"));

    assertSame(injected, assertThrows(RuntimeException.class, () -> failing.commit(bundle)));
    assertTrue(store.recorded().isEmpty());

    assertEquals(1, committer().commit(bundle));
    assertEquals(2, writer.calls.size());
    assertEquals(Set.of(id(0)), store.recorded());
  }

  // ---- replays ----

  @Test
  public void aCommittedBatchReplayedWithTheSameContentsIsSkipped() throws Exception {
    MicroBatch<String> b0 = batch(0, "a", "b");
    store.preRecord(id(0), fingerprint(b0));

    assertEquals(1, committer().commit(List.of(b0, batch(1, "c"))));

    assertEquals(List.of(id(1)), writer.onlyCall());
    assertEquals(List.of(BatchStage.SKIPPED), stagesOf(id(0)));
    assertTrue(events.contains(new Event(BatchStage.SKIPPED, id(0), 2)));
    WriteStats stats = metrics.take();
    assertEquals(1, stats.batchesSkipped());
    assertEquals(1, stats.batchesCommitted());
    assertEquals(0, stats.changedReplays());
  }

  @Test
  public void aBundleOfCommittedBatchesWritesNothing() throws Exception {
    MicroBatch<String> b0 = batch(0, "a");
    MicroBatch<String> b1 = batch(1, "b");
    store.preRecord(id(0), fingerprint(b0));
    store.preRecord(id(1), fingerprint(b1));

    assertEquals(0, committer().commit(List.of(b0, b1)));

    assertTrue(writer.calls.isEmpty());
    assertEquals(0, store.recordCalls.get());
    assertEquals(2, metrics.take().batchesSkipped());
  }

  @Test
  public void aCommittedBatchReplayedWithOtherContentsIsWrittenAgainAndCountedAsAChangedReplay() throws Exception {
    MicroBatch<String> replay = batch(0, "a", "x");
    store.preRecord(id(0), fingerprint(batch(0, "a", "b")));

    assertEquals(2, committer().commit(List.of(replay)));

    assertEquals(List.of(id(0)), writer.onlyCall());
    assertEquals(List.of(BatchStage.CHANGED_REPLAY, BatchStage.BEFORE_WRITE, BatchStage.WRITTEN,
        BatchStage.RECORDED), stagesOf(id(0)));
    assertEquals("recorded again, with the contents written now", fingerprint(replay), store.fingerprintOf(id(0)));
    WriteStats stats = metrics.take();
    assertEquals(1, stats.changedReplays());
    assertEquals(0, stats.batchesSkipped());
    assertEquals(1, stats.batchesCommitted());
  }

  @Test
  public void withoutAFingerprintOnEitherSideAReplayIsNeverJudgedChanged() throws Exception {
    // No fingerprint on the replay (a non-deterministic coder): skipped, whatever was recorded.
    store.preRecord(id(0), 42L);
    BatchCommitter<String> unfingerprinted =
        committer(writer, elements -> null, (stage, id, n) -> events.add(new Event(stage, id, n)));
    assertEquals(0, unfingerprinted.commit(List.of(batch(0, "a"))));
    assertEquals(List.of(BatchStage.SKIPPED), stagesOf(id(0)));

    // No fingerprint recorded (an older record): skipped too.
    store.preRecord(id(1), null);
    assertEquals(0, committer().commit(List.of(batch(1, "b"))));
    assertEquals(List.of(BatchStage.SKIPPED), stagesOf(id(1)));

    assertTrue(writer.calls.isEmpty());
    WriteStats stats = metrics.take();
    assertEquals(0, stats.changedReplays());
    assertEquals(2, stats.batchesSkipped());

    // And a fresh batch without a fingerprint is recorded without one.
    assertEquals(1, unfingerprinted.commit(List.of(batch(2, "c"))));
    assertNull(store.fingerprintOf(id(2)));
  }

  @Test
  public void aBatchTwiceInOneBundleIsWrittenOnce() throws Exception {
    MicroBatch<String> b0 = batch(0, "a", "b");
    MicroBatch<String> b1 = batch(1, "c");

    assertEquals(3, committer().commit(List.of(b0, b1, batch(0, "a", "b"))));

    assertEquals(List.of(id(0), id(1)), writer.onlyCall());
    // The copy is skipped when the bundle is looked up, before the first copy is written.
    assertEquals(List.of(BatchStage.SKIPPED, BatchStage.BEFORE_WRITE, BatchStage.WRITTEN, BatchStage.RECORDED),
        stagesOf(id(0)));
    WriteStats stats = metrics.take();
    assertEquals(1, stats.batchesSkipped());
    assertEquals(2, stats.batchesCommitted());
  }

  // ---- concurrent copies ----

  @Test
  public void twoCopiesOfABatchCommittedAtOnceAreWrittenOnceInTotal() throws Exception {
    Map<BatchId, Integer> writes = new ConcurrentHashMap<>();
    CountDownLatch firstIsWriting = new CountDownLatch(1);
    CountDownLatch letFirstFinish = new CountDownLatch(1);
    FakeMicroBatchWriter<String> firstWriter =
        new FakeMicroBatchWriter<String>(writes).holdingUntil(firstIsWriting, letFirstFinish);
    FakeMicroBatchWriter<String> secondWriter = new FakeMicroBatchWriter<>(writes);
    List<Event> secondEvents = Collections.synchronizedList(new ArrayList<>());
    BatchCommitter<String> first = committer(firstWriter, CONTENTS, (stage, id, n) -> {});
    BatchCommitter<String> second =
        committer(secondWriter, CONTENTS, (stage, id, n) -> secondEvents.add(new Event(stage, id, n)));

    Background<Long> a = Background.call("first copy", () -> first.commit(List.of(batch(0, "a", "b"))));
    firstIsWriting.await();
    // The second copy also carries a batch nobody else holds: it waits for all its ids at once.
    Background<Long> b = Background.call("second copy",
        () -> second.commit(List.of(batch(0, "a", "b"), batch(9, "z"))));
    b.awaitBlockedIn("InFlightBatches.claim");
    assertTrue("the second copy has not looked anything up", secondWriter.calls.isEmpty());
    letFirstFinish.countDown();

    assertEquals(2, a.get().longValue());
    assertEquals("only batch 9", 1, b.get().longValue());
    assertEquals(1, writes.get(id(0)).intValue());
    assertEquals(List.of(id(9)), secondWriter.onlyCall());
    assertTrue(secondEvents.contains(new Event(BatchStage.SKIPPED, id(0), 2)));
    assertEquals(Set.of(id(0), id(9)), store.recorded());
  }

  @Test
  public void claimsAreReleasedWhenACommitFails() throws Exception {
    store.failLookUpOf(id(0), new IllegalStateException("down"));
    assertThrows(BundleFailed.class, () -> committer().commit(List.of(batch(0, "a"))));
    store.heal();
    // From another thread, so that a claim left behind would block it rather than this test.
    Background<Long> again = Background.call("again", () -> committer().commit(List.of(batch(0, "a"))));
    assertEquals(1, again.get().longValue());
  }

  // ---- interrupts ----

  @Test
  public void aFlushInterruptedWhileWritingStillRecordsAndKeepsTheInterrupt() throws Exception {
    FakeMicroBatchWriter<String> interrupted = new FakeMicroBatchWriter<String>().answering(batches -> {
      Thread.currentThread().interrupt(); // as a writer that was interrupted and finished anyway reports it
      return MicroBatchWriter.Outcome.complete();
    });
    try {
      assertEquals(1, committer(interrupted, CONTENTS, (s, i, n) -> {}).commit(List.of(batch(0, "a"))));
      assertTrue("the interrupt is kept for the caller", Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertEquals(Set.of(id(0)), store.recorded());
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
