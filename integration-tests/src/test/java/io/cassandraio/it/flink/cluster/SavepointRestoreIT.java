package io.cassandraio.it.flink.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.examples.counter.PacedEventSource;
import io.cassandraio.examples.counter.StreamingCounterPipeline;
import io.cassandraio.it.exactlyonce.ExactlyOnceReport;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.localflink.LocalFlinkCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * {@code StreamingCounterJob} from the shaded job jar on a standalone Flink cluster, stopped with a
 * savepoint mid-stream ({@code POST /jobs/:id/stop}) and started again from it, the way a job is
 * upgraded. The micro-batches buffered for stable input in the savepoint were written when the
 * stop completed its checkpoint; the restored job replays them, and the checkpoint table makes the
 * second write a skip. Beam 2.62's Flink runner assigns every split a second time after a restore
 * (apache/beam#31313); the example's source makes the second reader go on from the restored
 * position (see {@link PacedEventSource}); those take-overs are counted from the TaskManager logs
 * and reported. Counters and upserts must be exact at the end:
 * <ul>
 *   <li>first restored with the exactly-once write renamed, which is not allowed: Flink refuses
 *       the savepoint (the write's state has no operator to go to) and the job does not start; then
 *       restored with the same arguments as before the stop;</li>
 *   <li>restored after an unrelated change to the pipeline ({@code --extraBranch} adds a branch).</li>
 * </ul>
 * Recorded in {@link ExactlyOnceReport#FILE} with failure kind {@value #FAILURE_KIND}.
 */
public class SavepointRestoreIT {
  static final String FAILURE_KIND = "savepoint_restore";
  private static final long EVENTS = 3000;
  /** 20 s of input: a stop-with-savepoint takes seconds, and must come before the input ends. */
  private static final double EVENTS_PER_SECOND = 150;
  private static final int PAGES = 50;
  private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SAVEPOINT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(2);
  /** Flink's words when a savepoint holds state for an operator the new job does not have. */
  private static final String UNMAPPED_STATE = "Cannot map checkpoint/savepoint state";

  @ClassRule(order = 0)
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("cluster_savepoint");
  @ClassRule(order = 1)
  public static final SharedFlinkCluster FLINK = new SharedFlinkCluster();

  private static final long SEED = Long.getLong("it.seed", System.nanoTime());
  private static final Random RANDOM = new Random(SEED);

  static {
    System.out.printf("SavepointRestoreIT: seed %d (repeat with -Dit.seed=%d)%n", SEED, SEED);
  }

  @Test
  public void restoredAfterAnUnrelatedChangeCountsExactly() {
    String keyspace = KEYSPACE.related("changed");
    Stopped stopped = runUntilStopped(keyspace);
    Restored restored = restore(keyspace, stopped, List.of("--extraBranch=true"));
    checkAndReport(keyspace, stopped, restored, FAILURE_KIND + "+unrelated_change", "--extraBranch added");
  }

  @Test
  public void restoredWithTheSameArgumentsAfterARefusedRenameCountsExactly() throws Exception {
    String keyspace = KEYSPACE.related("renamed");
    Stopped stopped = runUntilStopped(keyspace);
    LocalFlinkCluster flink = FLINK.cluster();
    List<String> renamed = args(keyspace, List.of("--counterWriteName=Count the page views exactly once"));
    String refusal;
    try {
      String job = flink.submit(JobJar.path(), StreamingCounterOnCluster.MAIN, renamed, TestFlinkCluster.SLOTS,
          stopped.savepoint());
      // Accepted for submission: the JobMaster then fails to start from the savepoint.
      assertEquals("job " + job + " with a renamed exactly-once write, from " + stopped.savepoint(), "FAILED",
          flink.awaitJobState(job, FINISH_TIMEOUT, "FAILED"));
      refusal = rootException(flink, job);
    } catch (RuntimeException refusedAtSubmission) {
      refusal = String.valueOf(refusedAtSubmission.getMessage());
    }
    System.out.printf("SavepointRestoreIT: restore with a renamed write refused: %s%n",
        refusal.lines().filter(l -> l.contains(UNMAPPED_STATE)).findFirst().orElse(refusal.lines().findFirst().orElse("")));
    assertTrue("a restore with a renamed exactly-once write must be refused for its unmapped state; Flink said: "
        + refusal, refusal.contains(UNMAPPED_STATE));
    assertEquals("events stored after the refused restore (it must not have run)", stopped.storedAtStop(),
        StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), keyspace));

    Restored restored = restore(keyspace, stopped, List.of());
    checkAndReport(keyspace, stopped, restored, FAILURE_KIND, "same arguments, after a refused rename");
  }

  /** A stop-with-savepoint at a random point between 20 and 40 % of the input. */
  record Stopped(String job, String savepoint, long storedAtStop, long stopAtMs) {}

  private Stopped runUntilStopped(String keyspace) {
    LocalFlinkCluster flink = FLINK.cluster();
    long started = System.nanoTime();
    String job = flink.submit(JobJar.path(), StreamingCounterOnCluster.MAIN, args(keyspace, List.of()),
        TestFlinkCluster.SLOTS, null);
    long stopAt = EVENTS * (20 + RANDOM.nextInt(21)) / 100;
    await("job " + job + " stores " + stopAt + " events").atMost(PROGRESS_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), keyspace) >= stopAt);
    long stopAtMs = (System.nanoTime() - started) / 1_000_000;
    String savepoint = flink.stopWithSavepoint(job, SAVEPOINT_TIMEOUT);
    assertEquals("job " + job + " after stop-with-savepoint", "FINISHED",
        flink.awaitJobState(job, SAVEPOINT_TIMEOUT, "FINISHED"));
    long stored = StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), keyspace);
    System.out.printf("SavepointRestoreIT: job %s stopped with savepoint %s %d ms after submission, %d of %d events "
        + "stored%n", job, savepoint, stopAtMs, stored, EVENTS);
    assertTrue("the job was stopped mid-stream: " + stored + " of " + EVENTS + " events stored", stored < EVENTS);
    return new Stopped(job, savepoint, stored, stopAtMs);
  }

  /** The restored job, run to its end, and how many duplicate splits its source took over. */
  record Restored(String job, long duplicateSplitsTakenOver) {}

  private Restored restore(String keyspace, Stopped stopped, List<String> change) {
    LocalFlinkCluster flink = FLINK.cluster();
    long takenOverBefore = WriterLogLines.count(flink, PacedEventSource.DUPLICATE_SPLIT_LOG);
    String job = flink.submit(JobJar.path(), StreamingCounterOnCluster.MAIN, args(keyspace, change),
        TestFlinkCluster.SLOTS, stopped.savepoint());
    flink.awaitJobState(job, FINISH_TIMEOUT, "FINISHED");
    return new Restored(job, WriterLogLines.count(flink, PacedEventSource.DUPLICATE_SPLIT_LOG) - takenOverBefore);
  }

  private void checkAndReport(String keyspace, Stopped stopped, Restored restored, String injection, String label) {
    LocalFlinkCluster flink = FLINK.cluster();
    Map<String, Long> expected = StreamingCounterPipeline.expectedViews(EVENTS, PAGES);
    Map<String, Long> views = PageStreamTables.counters(KEYSPACE.session(), keyspace,
        StreamingCounterPipeline.COUNTER_TABLE);
    long eventRows = PageStreamTables.assertEventsExact(KEYSPACE.session(), keyspace, EVENTS, PAGES);
    WriterLogLines counterLog = WriterLogLines.of(flink, keyspace, StreamingCounterPipeline.COUNTER_TABLE);
    WriterLogLines eventLog = WriterLogLines.of(flink, keyspace, StreamingCounterPipeline.EVENT_TABLE);

    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("runner", "flink-cluster");
    extra.put("parallelism", TestFlinkCluster.SLOTS);
    extra.put("restore", label);
    extra.put("seed", SEED);
    extra.put("stored_at_stop", stopped.storedAtStop());
    extra.put("stopped_at_ms", stopped.stopAtMs());
    extra.put("duplicate_splits_taken_over", restored.duplicateSplitsTakenOver());
    extra.put("batches_skipped_source", "WARN lines of the TaskManager logs");
    Map<String, Object> eventExtra = new LinkedHashMap<>(extra);
    eventExtra.put("changed_replays", eventLog.changedReplays());
    ExactlyOnceReport.merge(new ExactlyOnceReport.Entry("upsert", injection, true, 1, eventLog.skippedBatches(),
        EVENTS, eventRows, eventExtra));
    extra.put("changed_replays", counterLog.changedReplays());
    System.out.println("SavepointRestoreIT report (" + ExactlyOnceReport.FILE.toAbsolutePath() + "):");
    System.out.print(ExactlyOnceReport.table(ExactlyOnceReport.merge(new ExactlyOnceReport.Entry("counter", injection,
        true, 1, counterLog.skippedBatches(), EVENTS, PageStreamTables.total(views), extra))));
    System.out.printf("SavepointRestoreIT (%s): restored job %s finished; counters %d of %d, %d event rows; replayed "
        + "micro-batches skipped as committed: %d counter, %d upsert; changed replays %d; duplicate splits taken over by "
        + "the source %d%n", label, restored.job(),
        PageStreamTables.total(views), EVENTS, eventRows, counterLog.skippedBatches(), eventLog.skippedBatches(),
        counterLog.changedReplays() + eventLog.changedReplays(), restored.duplicateSplitsTakenOver());
    assertEquals("views per page after a savepoint restore (" + label + ")", expected, views);
  }

  private static List<String> args(String keyspace, List<String> change) {
    List<String> args = new ArrayList<>(StreamingCounterOnCluster.args(SharedCassandra.NODE, keyspace, EVENTS,
        EVENTS_PER_SECOND, PAGES, DefaultConsistencyLevel.QUORUM));
    args.addAll(change);
    return args;
  }

  /** The job's root exception from {@code GET /jobs/:id/exceptions}. */
  private static String rootException(LocalFlinkCluster flink, String job) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(flink.restUrl() + "/jobs/" + job
        + "/exceptions")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
