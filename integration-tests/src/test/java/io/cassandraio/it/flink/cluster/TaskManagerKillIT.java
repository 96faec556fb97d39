package io.cassandraio.it.flink.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.examples.counter.StreamingCounterPipeline;
import io.cassandraio.it.exactlyonce.ExactlyOnceReport;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.localflink.LocalFlinkCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * TaskManagers SIGKILLed under a running exactly-once job on a standalone Flink cluster:
 * {@code StreamingCounterJob} from the shaded job jar, parallelism 4 over 2 TaskManagers x 2 slots,
 * checkpoints every second. {@value #KILLS} times, at a random point (seeded; the seed is printed,
 * {@code -Dit.seed=N} repeats a run), a random TaskManager is SIGKILLed by PID and a new one
 * started; the job must restore its last checkpoint on it and make progress. Its source then ends
 * and the job finishes. Checked:
 * <ul>
 *   <li>upserts exact: every event once, with its page;</li>
 *   <li>exactly-once counters: never under the views generated, and over only by what the commit
 *       window allows: a kill can catch a counter batch between its write and its record in the
 *       checkpoint table, and the replay writes it again (see the README, "Exactly-once
 *       guarantees"). A kill catches at most the batches being written at that moment, released by
 *       the checkpoints of the last {@value #WINDOW_SECONDS} s: the bound is that input;</li>
 *   <li>the plain writer's counters (no exactly-once): never under; over-counted by the input
 *       replayed since the last checkpoint, reported (not asserted: a run may be lucky).</li>
 * </ul>
 * Recorded in {@link ExactlyOnceReport#FILE} with failure kind {@value #FAILURE_KIND}.
 */
public class TaskManagerKillIT {
  static final String FAILURE_KIND = "taskmanager_kill";
  private static final int KILLS = 2;
  private static final long EVENTS = 6000;
  private static final double EVENTS_PER_SECOND = 200; // 30 s of input
  private static final int PAGES = 50;
  private static final String PLAIN_TABLE = "page_views_plain";
  /** After each restore: this many more events stored (3 s of input) shows the job recovered. */
  private static final long PROGRESS_AFTER_RESTORE = 600;
  /** Input that can be in flight in the writer at a kill: released by checkpoints of this many seconds. */
  private static final int WINDOW_SECONDS = 3;
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(2);

  @ClassRule(order = 0)
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("cluster_tm_kill")
      .withSetup((session, keyspace) -> StreamingCounterPipeline.createSchema(session, keyspace, 1, PLAIN_TABLE));
  @ClassRule(order = 1)
  public static final SharedFlinkCluster FLINK = new SharedFlinkCluster();

  /** One kill: which TaskManager, its PID, when, and how far the job had got. */
  record Kill(int taskManager, long pid, long atMs, long storedAtKill, long recoveredAfterMs) {}

  @Test
  public void killedTaskManagersLoseNothingAndCommittedBatchesCountOnce() {
    long seed = Long.getLong("it.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.printf("TaskManagerKillIT: seed %d (repeat with -Dit.seed=%d)%n", seed, seed);
    LocalFlinkCluster flink = FLINK.cluster();
    String keyspace = KEYSPACE.name();

    List<String> args = new ArrayList<>(StreamingCounterOnCluster.args(SharedCassandra.NODE, keyspace, EVENTS,
        EVENTS_PER_SECOND, PAGES, DefaultConsistencyLevel.QUORUM));
    args.add("--plainCounterTable=" + PLAIN_TABLE);
    // Each kill costs a few restart attempts (tasks deployed to the dead TaskManager's slots fail
    // until its heartbeat times out); the cluster's default of 10 is too tight for two kills.
    args.add("--numberOfExecutionRetries=50");
    args.add("--executionRetryDelay=1000");
    long started = System.nanoTime();
    String job = flink.submit(JobJar.path(), StreamingCounterOnCluster.MAIN, args, TestFlinkCluster.SLOTS, null);

    List<Kill> kills = new ArrayList<>();
    for (int k = 0; k < KILLS; k++) {
      // Kill k at a random point of its own part of the input: 10-30 %, then 50-70 %; never during the
      // last part, when the input ends and the drain's own window opens (a separate limit in the README).
      long killAt = EVENTS * (10 + 40 * k + random.nextInt(21)) / 100;
      int taskManager = 1 + random.nextInt(TestFlinkCluster.TASK_MANAGERS);
      await("job " + job + " stores " + killAt + " events").atMost(RECOVERY_TIMEOUT).pollInterval(Duration.ofMillis(200))
          .until(() -> StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), keyspace) >= killAt);
      long stored = StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), keyspace);
      long pid = flink.taskManagerPid(taskManager);
      long atMs = elapsedMs(started);
      flink.killTaskManager(taskManager);
      System.out.printf("TaskManagerKillIT: SIGKILLed taskmanager-%d (PID %d) %d ms after submission, %d of %d "
          + "events stored%n", taskManager, pid, atMs, stored, EVENTS);
      flink.restartTaskManager(taskManager);
      flink.awaitJobState(job, RECOVERY_TIMEOUT, "RUNNING");
      long target = Math.min(EVENTS, stored + PROGRESS_AFTER_RESTORE);
      await("job " + job + " makes progress after taskmanager-" + taskManager + " was killed (" + target
          + " events stored; TaskManager logs " + flink.taskManagerLog(1) + ", " + flink.taskManagerLog(2) + ")")
          .atMost(RECOVERY_TIMEOUT).pollInterval(Duration.ofMillis(200))
          .until(() -> StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), keyspace) >= target);
      Kill kill = new Kill(taskManager, pid, atMs, stored, elapsedMs(started) - atMs);
      System.out.printf("TaskManagerKillIT: recovered from kill %d on the new taskmanager-%d (PID %d): %d events "
          + "stored %d ms after the kill%n", k + 1, taskManager, flink.taskManagerPid(taskManager), target,
          kill.recoveredAfterMs());
      kills.add(kill);
    }
    String state = flink.awaitJobState(job, FINISH_TIMEOUT, "FINISHED");
    long jobMs = elapsedMs(started);
    System.out.printf("TaskManagerKillIT: job %s %s %d ms after submission%n", job, state, jobMs);

    Map<String, Long> expected = StreamingCounterPipeline.expectedViews(EVENTS, PAGES);
    Map<String, Long> exactlyOnce = PageStreamTables.counters(KEYSPACE.session(), keyspace,
        StreamingCounterPipeline.COUNTER_TABLE);
    Map<String, Long> plain = PageStreamTables.counters(KEYSPACE.session(), keyspace, PLAIN_TABLE);
    long eventRows = PageStreamTables.assertEventsExact(KEYSPACE.session(), keyspace, EVENTS, PAGES);
    WriterLogLines counterLog = WriterLogLines.of(flink, keyspace, StreamingCounterPipeline.COUNTER_TABLE);
    WriterLogLines eventLog = WriterLogLines.of(flink, keyspace, StreamingCounterPipeline.EVENT_TABLE);
    long bound = KILLS * (long) EVENTS_PER_SECOND * WINDOW_SECONDS;

    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("runner", "flink-cluster");
    extra.put("parallelism", TestFlinkCluster.SLOTS);
    extra.put("task_managers", TestFlinkCluster.TASK_MANAGERS);
    extra.put("seed", seed);
    extra.put("kills", kills.stream().map(Kill::toString).toList());
    extra.put("job_ms", jobMs);
    extra.put("batches_skipped_source", "WARN lines of the TaskManager logs");
    ExactlyOnceReport.merge(new ExactlyOnceReport.Entry("upsert", FAILURE_KIND, true, KILLS,
        eventLog.skippedBatches(), EVENTS, eventRows, withChanged(extra, eventLog)));
    Map<String, Object> counterExtra = withChanged(extra, counterLog);
    counterExtra.put("over_count_bound", bound);
    ExactlyOnceReport.merge(new ExactlyOnceReport.Entry("counter", FAILURE_KIND, true, KILLS,
        counterLog.skippedBatches(), EVENTS, PageStreamTables.total(exactlyOnce), counterExtra));
    System.out.println("TaskManagerKillIT report (" + ExactlyOnceReport.FILE.toAbsolutePath() + "):");
    System.out.print(ExactlyOnceReport.table(ExactlyOnceReport.merge(new ExactlyOnceReport.Entry("counter",
        FAILURE_KIND, false, KILLS, 0, EVENTS, PageStreamTables.total(plain), new LinkedHashMap<>(extra)))));

    long overCount = PageStreamTables.total(exactlyOnce) - EVENTS;
    long plainOverCount = PageStreamTables.total(plain) - EVENTS;
    System.out.printf("TaskManagerKillIT: exactly-once counters %+d (%s; bound %d), %d micro-batches skipped as "
        + "replays, %d changed replays; plain counters %+d%s%n", overCount,
        overCount == 0 ? "exact" : "batches caught between write and record", bound, counterLog.skippedBatches(),
        counterLog.changedReplays(), plainOverCount,
        plainOverCount == 0 ? " (no over-count this run: no replayed input reached the plain writer)" : "");
    PageStreamTables.assertNothingLost("exactly-once counters", expected, exactlyOnce);
    assertTrue("exactly-once counters over-count by " + overCount + ", more than the " + bound
        + " views the commit window of " + KILLS + " kills can hold (" + counterLog + ")", overCount <= bound);
    PageStreamTables.assertNothingLost("plain counters", expected, plain);
    assertEquals("kills", KILLS, kills.size());
  }

  private static Map<String, Object> withChanged(Map<String, Object> extra, WriterLogLines log) {
    Map<String, Object> copy = new LinkedHashMap<>(extra);
    copy.put("changed_replays", log.changedReplays());
    return copy;
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
