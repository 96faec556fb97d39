package io.cassandraio.it.exactlyonce;

import static org.junit.Assert.fail;

import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.it.exactlyonce.Faults.Fault;
import io.cassandraio.it.exactlyonce.Faults.Stats;
import io.cassandraio.it.support.FlinkJobs;
import io.cassandraio.it.support.FlinkRestarts;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.listener.BatchStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.metrics.FlinkMetricContainer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.Assume;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized.Parameters;
import org.junit.runners.Parameterized;

/**
 * Exactly-once on Flink streaming across the shapes a user's job can have, each with and without
 * injected failures. One Flink job per combination, in a half fraction of the full design (8 of
 * 16 jobs; every pair of values of any two dimensions appears in two jobs), of parallelism (1, 4),
 * checkpoint interval (200 ms, 2 s), {@code --shutdownSourcesAfterIdleMs} (set: the job ends by itself; not set: it
 * runs until stopped, with {@code stop --drain} or, after failures, a cancel) and failures (none;
 * one upstream of the writer and one in the counter writer before it writes). Each job holds one
 * branch per source (bounded {@code GenerateSequence}, {@code Create.of}, a checkpointed unbounded
 * source with event timestamps, the same at the minimum timestamp) and window (global, fixed
 * windows upstream), and each branch writes a counter table and an upsert table: 16 sinks per job,
 * 128 scenarios in all, every one in {@code target/exactly-once/report.json}.
 *
 * <p>Asserted for every sink: the counters add up to exactly what the sink committed (each
 * committed micro-batch applied once; the failures are injected outside the commit window) and
 * the upserts are exact. Without failures: the job restarts no task, the source is read once,
 * every count is exact, the metrics report every row and batch, and a job with an idle shutdown
 * ends by itself. With failures: every scenario restarted, no element lost, and counters exact
 * wherever the source replays from its checkpoint, outside the two windows the README documents
 * (a restart after the end-of-input drain; a replay the writer saw change, which Beam's Flink
 * runner can cause after a restore). A bounded source may be re-read from the start of its split
 * (Beam's Flink runner), which shows as {@code source_elements} above the input size and is
 * reported, not hidden.
 */
@RunWith(Parameterized.class)
public class ExactlyOnceMatrixIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("eo_matrix")
      .withTable("counts", "run text, k text, n counter, PRIMARY KEY ((run, k))")
      .withTable("rows", "run text, k text, i bigint, v text, PRIMARY KEY ((run, k), i)");
  private static final String KS = KEYSPACE.name();
  private static final int N = 60;
  private static final int KEYS = 10;
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
  private static final String COUNTER_CQL = "UPDATE " + KS + ".counts SET n = n + 1 WHERE run = ? AND k = ?";
  private static final String UPSERT_CQL = "INSERT INTO " + KS + ".rows (run, k, i, v) VALUES (?, ?, ?, ?)";

  enum Source {
    GENERATE_SEQUENCE("sequence", false),
    CREATE("create", false),
    UNBOUNDED_EVENT_TIME("unbounded", true),
    UNBOUNDED_MIN_TIMESTAMP("unbounded-min-ts", true);

    final String id;
    /** Restores exactly from its checkpoint: replays nothing that reached the sink before it. */
    final boolean replaysFromCheckpoint;

    Source(String id, boolean replaysFromCheckpoint) {
      this.id = id;
      this.replaysFromCheckpoint = replaysFromCheckpoint;
    }
  }

  enum Windowing {
    GLOBAL("global"),
    FIXED("fixed-20ms");

    final String id;

    Windowing(String id) {
      this.id = id;
    }
  }

  @Parameters(name = "parallelism {0}, checkpoints {1} ms, idle shutdown {2}, failures {3}")
  public static List<Object[]> jobs() {
    List<Object[]> jobs = new ArrayList<>();
    for (int parallelism : new int[] {1, 4}) {
      for (long checkpointMs : new long[] {200, 2000}) {
        for (boolean idleShutdown : new boolean[] {true, false}) {
          for (boolean failures : new boolean[] {false, true}) {
            // A half fraction of the 16 combinations (the four "high" settings in even number):
            // every pair of settings of any two dimensions still runs, in two jobs each, at half
            // the CI time.
            boolean even = ((parallelism == 4) ^ (checkpointMs == 2000) ^ idleShutdown ^ failures) == false;
            if (even) {
              jobs.add(new Object[] {parallelism, checkpointMs, idleShutdown, failures});
            }
          }
        }
      }
    }
    return jobs;
  }

  private final int parallelism;
  private final long checkpointMs;
  private final boolean idleShutdown;
  private final boolean failures;
  private final String job;

  public ExactlyOnceMatrixIT(int parallelism, long checkpointMs, boolean idleShutdown, boolean failures) {
    this.parallelism = parallelism;
    this.checkpointMs = checkpointMs;
    this.idleShutdown = idleShutdown;
    this.failures = failures;
    this.job = "p" + parallelism + "-cp" + checkpointMs + (idleShutdown ? "-idle" : "-noidle")
        + (failures ? "-failures" : "-nofailures");
  }

  private String branch(Source source, Windowing windowing) {
    return source.id + "-" + windowing.id;
  }

  private String sink(String branch, String table) {
    return job + ":" + branch + ":" + table;
  }

  @Test
  public void everySinkAppliesWhatItCommittedOnce() throws Exception {
    // -Deo.matrix.only=<regex>: run only the jobs whose name matches (e.g. p1-cp200-idle-nofailures).
    String only = System.getProperty("eo.matrix.only");
    Assume.assumeTrue(only == null || job.matches(only));
    Map<String, Fault> upstreamFaults = new LinkedHashMap<>();
    Map<String, Fault> writerFaults = new LinkedHashMap<>();
    Pipeline p = Pipeline.create(options());
    for (Source source : Source.values()) {
      for (Windowing windowing : Windowing.values()) {
        String branch = branch(source, windowing);
        upstreamFaults.put(branch, Faults.register(job + ":" + branch + ":upstream", failures ? new int[] {N / 2}
            : new int[0]));
        writerFaults.put(branch, Faults.register(job + ":" + branch + ":before_write", failures ? new int[] {2}
            : new int[0]));
        PCollection<Long> numbers = read(p, source, branch)
            .apply(branch + "/count and fail", ParDo.of(new Faults.FailUpstream<>(job + ":" + branch + ":upstream")));
        if (windowing == Windowing.FIXED) {
          numbers = numbers.apply(branch + "/window", Window.into(FixedWindows.of(org.joda.time.Duration.millis(20))));
        }
        numbers.apply(branch + "/counter", counterWrite(branch));
        numbers.apply(branch + "/upsert", upsertWrite(branch));
      }
    }

    long started = System.nanoTime();
    JobClient client = FlinkJobs.jobClient(p.run());
    String stoppedBy;
    JobExecutionResult result = null;
    try (FlinkRestarts restarts = FlinkRestarts.watch(client)) {
      if (idleShutdown) {
        result = FlinkJobs.awaitEnd(client, job, JOB_TIMEOUT);
        stoppedBy = "finished";
      } else {
        // No idle shutdown: the bounded sources never end. Wait until every sink committed its
        // input and three more checkpoints completed, then stop the job as an operator would.
        FlinkJobs.awaitWhileRunning(client, job + ": every sink committed " + N + " elements", JOB_TIMEOUT,
            this::everySinkCommittedItsInput);
        long checkpointsThen = restarts.completedCheckpoints();
        FlinkJobs.awaitWhileRunning(client, job + ": 3 checkpoints completed after every sink committed its input",
            JOB_TIMEOUT, () -> restarts.completedCheckpoints() >= checkpointsThen + 3);
        if (failures) {
          client.cancel().get(60, TimeUnit.SECONDS);
          stoppedBy = "cancelled";
        } else {
          Path savepoints = Files.createTempDirectory("eo-matrix-savepoints");
          client.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          result = FlinkJobs.awaitEnd(client, job, JOB_TIMEOUT);
          stoppedBy = "stopped with --drain";
        }
      }
      restarts.close();
      long jobMs = (System.nanoTime() - started) / 1_000_000;
      check(restarts, upstreamFaults, writerFaults, result, stoppedBy, jobMs);
    }
  }

  private void check(FlinkRestarts restarts, Map<String, Fault> upstreamFaults, Map<String, Fault> writerFaults,
      JobExecutionResult result, String stoppedBy, long jobMs) {
    List<String> problems = new ArrayList<>();
    for (Source source : Source.values()) {
      for (Windowing windowing : Windowing.values()) {
        String branch = branch(source, windowing);
        Fault upstream = upstreamFaults.get(branch);
        Fault beforeWrite = writerFaults.get(branch);
        int branchRestarts = restarts.restartsOfTasksNamed(branch + "/");
        int injected = upstream.injected() + beforeWrite.injected();
        boolean restartAfterDrain = restartedAfterDrain(restarts, branch);
        for (String table : List.of("counter", "upsert")) {
          String sink = sink(branch, table);
          Stats stats = Faults.stats(sink);
          long committed = stats.recordedElements.get();
          // Inside a documented window (a restart after the end-of-input drain, or a replay that the
          // writer saw change, see the README) counters may over-count; nothing may be lost.
          boolean inWindow = restartAfterDrain || stats.changedReplays.get() > 0;
          long actual = table.equals("counter") ? counterSum(sink, problems, source, committed, inWindow)
              : upserts(sink, problems);
          Map<String, Object> extra = new LinkedHashMap<>();
          extra.put("parallelism", parallelism);
          extra.put("checkpoint_ms", checkpointMs);
          extra.put("idle_shutdown", idleShutdown);
          extra.put("source", source.id);
          extra.put("window", windowing.id);
          extra.put("restarts", branchRestarts);
          extra.put("source_elements", upstream.occurrences());
          extra.put("sink_committed_elements", committed);
          extra.put("changed_replays", stats.changedReplays.get());
          extra.put("drain_writes", stats.drainWritesAt.size());
          extra.put("restart_after_drain", restartAfterDrain);
          extra.put("stopped_by", stoppedBy);
          extra.put("job_ms", jobMs);
          extra.put("writer", stats.toString());
          if (result != null) {
            extra.put("metric_rows_written", metric(result, branch + "/" + table + "/", CassandraIOMetrics.ROWS_WRITTEN));
            extra.put("metric_batches_committed",
                metric(result, branch + "/" + table + "/", CassandraIOMetrics.BATCHES_COMMITTED));
          }
          ExactlyOnceReport.Entry entry = new ExactlyOnceReport.Entry(table, "matrix/" + job + "/" + branch, true,
              injected, stats.skipped.get(), N, actual, extra);
          ExactlyOnceReport.merge(entry);
          System.out.printf("ExactlyOnceMatrixIT %s %s: expected %d, actual %d; %s%n", job, table + "@" + branch, N,
              actual, extra);

          if (!failures) {
            expect(problems, sink + ": restarts without an injected failure", 0, branchRestarts);
            expect(problems, sink + ": source elements (read once)", N, upstream.occurrences());
            expect(problems, sink + ": elements committed", N, committed);
            expect(problems, sink + ": total", N, actual);
            if (result != null) {
              expect(problems, sink + ": metric " + CassandraIOMetrics.ROWS_WRITTEN, N,
                  (long) extra.get("metric_rows_written"));
              expect(problems, sink + ": metric " + CassandraIOMetrics.BATCHES_COMMITTED, stats.recorded.get(),
                  (long) extra.get("metric_batches_committed"));
            }
          } else {
            expect(problems, sink + ": failures injected", 2, injected);
            if (branchRestarts < 1) {
              problems.add(sink + ": failures were injected but Flink restarted no task of the branch");
            }
            if (source.replaysFromCheckpoint && !inWindow) {
              expect(problems, sink + ": elements committed", N, committed);
              expect(problems, sink + ": total", N, actual);
            }
          }
          if (!failures) {
            expect(problems, sink + ": replays with other contents", 0, stats.changedReplays.get());
          }
          if (!inWindow && windowing == Windowing.GLOBAL) {
            // A shard's state (its epoch) is restored, never started afresh after something was
            // recorded (in the global window; with windows, each window of a shard has its own state).
            long shards = stats.recordedEpochs.stream().map(e -> e.substring(0, e.indexOf('/'))).distinct().count();
            expect(problems, sink + ": epochs per shard (shards " + shards + ", epochs " + stats.recordedEpochs + ")",
                shards, stats.recordedEpochs.size());
          }
        }
      }
    }
    if (idleShutdown && !"finished".equals(stoppedBy)) {
      problems.add("the job did not end by itself");
    }
    if (!failures && restarts.restarts() != 0) {
      problems.add("a task of the job restarted although no failure was injected: " + restarts.restarts());
    }
    if (!problems.isEmpty()) {
      fail(job + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }
  }

  /**
   * Whether the branch restarted after one of its writers wrote in Flink's end-of-input drain:
   * the documented window in which a replay can apply the drained micro-batches again.
   */
  private boolean restartedAfterDrain(FlinkRestarts restarts, String branch) {
    long lastRestart = restarts.lastRestartSeenAt(branch + "/");
    for (String table : List.of("counter", "upsert")) {
      for (long drainAt : Faults.stats(sink(branch, table)).drainWritesAt) {
        if (drainAt < lastRestart) {
          return true;
        }
      }
    }
    return false;
  }

  private static void expect(List<String> problems, String what, long expected, long actual) {
    if (expected != actual) {
      problems.add(what + ": expected " + expected + ", was " + actual);
    }
  }

  /**
   * The counters of one sink. Always: they add up to the elements the sink committed, and no key
   * lost an increment. Exact per key when nothing was replayed from before a checkpoint.
   */
  private long counterSum(String sink, List<String> problems, Source source, long committed, boolean inWindow) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : KEYSPACE.session().execute("SELECT run, k, n FROM " + KS + ".counts")) {
      if (sink.equals(r.getString("run"))) {
        counts.put(r.getString("k"), r.getLong("n"));
      }
    }
    long sum = counts.values().stream().mapToLong(Long::longValue).sum();
    expect(problems, sink + ": counter total = elements the sink committed", committed, sum);
    for (int k = 0; k < KEYS; k++) {
      long n = counts.getOrDefault("k" + k, 0L);
      boolean mustBeExact = !failures || source.replaysFromCheckpoint && !inWindow;
      if (n < N / KEYS || mustBeExact && n != N / KEYS) {
        problems.add(sink + ": key k" + k + " counted " + n + ", expected " + (N / KEYS));
      }
    }
    return sum;
  }

  /** The rows of one upsert sink; every one must be there with its value, whatever happened. */
  private long upserts(String sink, List<String> problems) {
    Map<Long, String> rows = new TreeMap<>();
    for (Row r : KEYSPACE.session().execute("SELECT run, k, i, v FROM " + KS + ".rows")) {
      if (sink.equals(r.getString("run"))) {
        rows.put(r.getLong("i"), r.getString("k") + "=" + r.getString("v"));
      }
    }
    for (long i = 0; i < N; i++) {
      String want = key(i) + "=" + value(i);
      if (!want.equals(rows.get(i))) {
        problems.add(sink + ": row " + i + " is " + rows.get(i) + ", expected " + want);
      }
    }
    return rows.size();
  }

  private boolean everySinkCommittedItsInput() {
    for (Source source : Source.values()) {
      for (Windowing windowing : Windowing.values()) {
        for (String table : List.of("counter", "upsert")) {
          if (Faults.stats(sink(branch(source, windowing), table)).recordedElements.get() < N) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static long metric(JobExecutionResult result, String stepPart, String name) {
    Object containers = result.getAllAccumulatorResults().get(FlinkMetricContainer.ACCUMULATOR_NAME);
    if (!(containers instanceof MetricsContainerStepMap map)) {
      return -1;
    }
    long sum = 0;
    for (MetricResult<Long> c : MetricsContainerStepMap.asAttemptedOnlyMetricResults(map).queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(CassandraIOMetrics.NAMESPACE, name)).build())
        .getCounters()) {
      if (c.getKey().stepName().contains(stepPart)) {
        sum += c.getAttempted();
      }
    }
    return sum;
  }

  // ---------------------------------------------------------------- the pipeline

  private PCollection<Long> read(Pipeline p, Source source, String branch) {
    // Paced so that each split of the unbounded sources lasts about 2.5 s: checkpoints complete while it runs.
    long paceMs = 2_500L * parallelism / N;
    // Without failures the unbounded sources end right after their last element (the end of input is
    // what is tested); with failures they linger, so that no failure overlaps the end of the input.
    long lingerMs = failures ? 3_000L + 3 * checkpointMs : 0;
    return switch (source) {
      case GENERATE_SEQUENCE -> p.apply(branch + "/source", GenerateSequence.from(0).to(N));
      case CREATE -> p.apply(branch + "/source", Create.of(LongStream.range(0, N).boxed().toList()));
      case UNBOUNDED_EVENT_TIME -> p.apply(branch + "/source",
          Read.from(new PacedSequence(0, N, paceMs, lingerMs, false)));
      case UNBOUNDED_MIN_TIMESTAMP -> p.apply(branch + "/source",
          Read.from(new PacedSequence(0, N, paceMs, lingerMs, true)));
    };
  }

  private CassandraIO.Write<Long> counterWrite(String branch) {
    String sink = sink(branch, "counter");
    return CassandraIO.<Long>write().withConnection(SharedCassandra.connection())
        .withStatement(COUNTER_CQL, (i, b) -> b.setString(0, sink).setString(1, key(i)).build())
        .withExactlyOnce(exactlyOnce(sink).withBatchListener(new Faults.StageListener(sink, BatchStage.BEFORE_WRITE,
            job + ":" + branch + ":before_write", "")));
  }

  private CassandraIO.Write<Long> upsertWrite(String branch) {
    String sink = sink(branch, "upsert");
    return CassandraIO.<Long>write().withConnection(SharedCassandra.connection())
        .withStatement(UPSERT_CQL, (i, b) -> b.setString(0, sink).setString(1, key(i)).setLong(2, i)
            .setString(3, value(i)).build())
        .withExactlyOnce(exactlyOnce(sink).withBatchListener(new Faults.StageListener(sink, BatchStage.CUT, "", "")));
  }

  private static ExactlyOnce exactlyOnce(String sink) {
    return ExactlyOnce.sinkId("eo-matrix-" + sink).withShards(4).withMaxBatchElements(10)
        .withMaxBatchDelay(Duration.ofMillis(300)).withCheckpointTable(KS + ".committed_batches");
  }

  static String key(long i) {
    return "k" + (i % KEYS);
  }

  static String value(long i) {
    return "v" + (i * 7);
  }

  private FlinkPipelineOptions options() {
    // Restarts are counted job-wide: 8 branches with 2 injected failures each, plus margin.
    FlinkPipelineOptions options = FlinkJobs.exactlyOnceStreaming(parallelism, checkpointMs, 50);
    options.setJobName("eo-matrix-" + job);
    // As the transform recommends (see the README): no early release after a restore.
    options.setNumConcurrentCheckpoints(2);
    options.setMinPauseBetweenCheckpoints(100L);
    if (idleShutdown) {
      options.setShutdownSourcesAfterIdleMs(Math.max(3_000L, 2 * checkpointMs + 1_000L));
    }
    return options;
  }
}
