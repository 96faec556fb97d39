package io.cassandraio.it.exactlyonce;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.Grouping;
import io.cassandraio.it.exactlyonce.Faults.Fault;
import io.cassandraio.it.exactlyonce.Faults.Stats;
import io.cassandraio.it.support.FlinkJobs;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.listener.BatchStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.runners.Enclosed;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * Exactly-once on the Flink runner (local MiniCluster in this JVM, streaming, checkpoints every
 * 500 ms in EXACTLY_ONCE mode, parallelism 2, fixed-delay restarts) with failures injected at
 * four points, three times per run, spread over the run:
 *
 * <ul>
 *   <li>{@code upstream}: a DoFn before the write throws;
 *   <li>{@code before_write}: the writer's BatchListener throws at BEFORE_WRITE;
 *   <li>{@code partial_write}: the SentRequestListener throws on a request after other requests of
 *       the same write were sent;
 *   <li>{@code between_write_and_record}: the BatchListener throws at WRITTEN (written, not recorded).
 * </ul>
 *
 * <p>Each point runs once against a counter table and once against an upsert table, each as its own
 * job (so that a counter run sees only its own failures), plus the counter table without
 * exactly-once (upstream and partial write, which must show wrong counts: proof that the test can
 * see the problem), plus a non-deterministic upstream (a fresh random tag per attempt written to two
 * columns) that must never mix two attempts. Every outcome goes to {@link ExactlyOnceReport}.
 *
 * <p>The eight scenarios with exactly-once are one parameterized test, {@link InjectedFailures}; the
 * controls (without exactly-once, non-deterministic upstream) are {@link Controls}.
 *
 * <p>The input is {@link PacedSequence}: paced, so that checkpoints complete between failures, and
 * restored exactly from its checkpoint mark. Jobs run detached and are cancelled on timeout (a JUnit
 * timeout would not stop a MiniCluster).
 *
 * <p>What it proves: upserts and the non-deterministic upstream are exact at every injection
 * point; counters are exact for failures upstream and before the write. A counter batch's window
 * runs from its first request to its record: a failure after a partial write or between the write
 * and the record re-sends that batch on replay (Cassandra has no idempotent counter update and takes
 * no custom timestamp on one), so those two points may over-count, by at most the batches caught in
 * the window, and never lose an update. (The first version of this test found counters over-counting
 * at before_write too: a failure in one writer subtask cancels its sibling by interrupting it in the
 * middle of a flush; the writer now finishes a flush it started before it gives in.)
 */
@RunWith(Enclosed.class)
public class ExactlyOnceFlinkIT {
  /**
   * Partition key (run, k): one table serves every scenario, and every key is its own partition
   * (so shards and grouping see many partitions).
   */
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("eo_flink")
      .withTable("counts", "run text, k text, n counter, PRIMARY KEY ((run, k))")
      .withTable("rows", "run text, k text, i bigint, v text, PRIMARY KEY ((run, k), i)")
      .withTable("pairs", "run text, k text, a text, b text, PRIMARY KEY ((run, k))");
  private static final String KS = KEYSPACE.name();
  private static final int N = 300;
  private static final int KEYS = 30;
  private static final long PACE_MS = 15; // per split: 2 splits x 150 numbers x 15 ms = about 2.3 s of input
  private static final int ND_KEYS = 120;
  private static final long LINGER_MS = 2_000; // > batch delay 300 ms + checkpoint interval 500 ms, with margin
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
  private static final String COUNTER_CQL = "UPDATE " + KS + ".counts SET n = n + ? WHERE run = ? AND k = ?";
  private static final String UPSERT_CQL = "INSERT INTO " + KS + ".rows (run, k, i, v) VALUES (?, ?, ?, ?)";
  private static final String PAIR_CQL = "UPDATE " + KS + ".pairs SET a = ?, b = ? WHERE run = ? AND k = ?";

  private static final List<ExactlyOnceReport.Entry> ENTRIES = new ArrayList<>();

  @AfterClass
  public static void report() {
    if (!ENTRIES.isEmpty()) {
      List<JsonNode> all = new ArrayList<>();
      for (ExactlyOnceReport.Entry e : ENTRIES) {
        all = ExactlyOnceReport.merge(e);
      }
      System.out.println("ExactlyOnceFlinkIT report (" + ExactlyOnceReport.FILE.toAbsolutePath() + "):");
      System.out.print(ExactlyOnceReport.table(all));
    }
  }

  /** What a scenario must show. */
  enum Expect {
    /** Every counter and every row exactly as the input. */
    EXACT,
    /**
     * Inside a counter batch's window (from its first request to its record) a failure makes the
     * replay send the batch again (Cassandra takes no custom timestamp on a counter update): it may
     * over-count, by at most the batches caught in the window, and never lose an update.
     */
    OVER_COUNT_ONLY
  }

  /** Exactly-once with failures injected at each of the four points, on a counter and an upsert table. */
  @RunWith(Parameterized.class)
  public static class InjectedFailures {
    @Parameters(name = "{0} table, failures {1}: {2}")
    public static List<Object[]> scenarios() {
      return List.of(
          new Object[] {"counter", Injection.UPSTREAM, Expect.EXACT},
          new Object[] {"counter", Injection.BEFORE_WRITE, Expect.EXACT},
          // The requests of the batch sent before the failure are sent again on replay.
          new Object[] {"counter", Injection.PARTIAL_WRITE, Expect.OVER_COUNT_ONLY},
          // Written, not yet recorded: the batch is written again on replay.
          new Object[] {"counter", Injection.BETWEEN_WRITE_AND_RECORD, Expect.OVER_COUNT_ONLY},
          new Object[] {"upsert", Injection.UPSTREAM, Expect.EXACT},
          new Object[] {"upsert", Injection.BEFORE_WRITE, Expect.EXACT},
          new Object[] {"upsert", Injection.PARTIAL_WRITE, Expect.EXACT},
          new Object[] {"upsert", Injection.BETWEEN_WRITE_AND_RECORD, Expect.EXACT});
    }

    @Parameter(0)
    public String table;

    @Parameter(1)
    public Injection injection;

    @Parameter(2)
    public Expect expect;

    @Test
    public void exactlyOnce() throws Exception {
      Outcome o = run(table, injection, true);
      switch (expect) {
        case EXACT -> assertExact(o);
        case OVER_COUNT_ONLY -> assertOverCountOnly(o);
      }
    }
  }

  /** The controls: the same counters without exactly-once go wrong; a non-deterministic upstream. */
  public static class Controls {
    @Test
    public void plainCounterGoesWrong() throws Exception {
      Outcome upstream = run("counter", Injection.UPSTREAM, false);
      Outcome partial = run("counter", Injection.PARTIAL_WRITE, false);
      assertTrue("without exactly-once, at least one injection point must make the counters wrong (upstream: "
              + upstream.entry.difference() + ", partial write: " + partial.entry.difference() + ")",
          upstream.entry.difference() != 0 || partial.entry.difference() != 0);
    }

    /** A fresh random tag per attempt, written to two columns by separate elements: never two attempts mixed. */
    @Test
    public void nonDeterministicUpstreamIsWrittenFromOneAttempt() throws Exception {
      String run = "pairs_nondeterministic_eo";
      Fault upstream = Faults.register(run + ":upstream", 15, 50, 95);
      Fault written = Faults.register(run + ":written", 3, 9, 18);
      ExactlyOnce eo = exactlyOnce(run).withBatchListener(
          new Faults.StageListener(run, BatchStage.WRITTEN, written.name, ""));
      Pipeline p = Pipeline.create(flinkOptions());
      p.apply("Paced keys", Read.from(new PacedSequence(0, ND_KEYS, 2 * PACE_MS, LINGER_MS)))
          .apply("Random tag per attempt", ParDo.of(new RandomPair(upstream.name)))
          .setCoder(StringUtf8Coder.of())
          .apply("Write a and b", CassandraIO.<String>write()
              .withConnection(connection())
              .withStatement(PAIR_CQL, (e, b) -> {
                String[] f = e.split("\\|");
                // Only the element's column is bound; the other stays unset (untouched).
                return (f[1].equals("a") ? b.setString(0, f[2]) : b.setString(1, f[2]))
                    .setString(2, run).setString(3, f[0]).build();
              })
              .withExactlyOnce(eo));
      long ms = FlinkJobs.run(p, run, JOB_TIMEOUT).millis();

      Map<String, String[]> pairs = new TreeMap<>();
      for (Row r : KEYSPACE.session().execute("SELECT run, k, a, b FROM " + KS + ".pairs")) {
        if (run.equals(r.getString("run"))) {
          pairs.put(r.getString("k"), new String[] {r.getString("a"), r.getString("b")});
        }
      }
      long mixed = pairs.values().stream().filter(ab -> !Objects.equals(ab[0], ab[1])).count();
      long missing = pairs.values().stream().filter(ab -> ab[0] == null || ab[1] == null).count()
          + (ND_KEYS - pairs.size());
      Stats stats = Faults.stats(run);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("mixed_attempts", mixed);
      extra.put("keys_missing_a_or_b", missing);
      extra.put("attempts_generated", RandomPair.ATTEMPTS.get());
      extra.put("job_ms", ms);
      extra.put("writer", stats.toString());
      ExactlyOnceReport.Entry entry = new ExactlyOnceReport.Entry("upsert", "nondeterministic_upstream+"
          + "between_write_and_record", true, upstream.injected() + written.injected(), stats.skipped.get(), ND_KEYS,
          pairs.size() - mixed - missing, extra);
      record(entry);
      System.out.printf("ExactlyOnceFlinkIT %s: %d keys, %d with a != b, %d missing; %d failures; %s; %d ms%n", run,
          pairs.size(), mixed, missing, entry.failuresInjected(), stats, ms);
      assertEquals("failures injected upstream", upstream.planned(), upstream.injected());
      assertEquals("failures injected between write and record", written.planned(), written.injected());
      assertTrue("the upstream must have been replayed (more tags generated than keys)",
          RandomPair.ATTEMPTS.get() > ND_KEYS);
      assertEquals("keys", ND_KEYS, pairs.size());
      assertEquals("keys without a or b", 0, missing);
      assertEquals("keys whose a and b come from different attempts", 0, mixed);
    }
  }

  // ---------------------------------------------------------------- non-deterministic upstream

  /** For each key, (k, a, tag) and (k, b, tag) with a fresh random tag per call: a replay differs. */
  static final class RandomPair extends DoFn<Long, String> {
    private static final long serialVersionUID = 1L;
    static final java.util.concurrent.atomic.AtomicInteger ATTEMPTS = new java.util.concurrent.atomic.AtomicInteger();
    private final String fault;

    RandomPair(String fault) {
      this.fault = fault;
    }

    @ProcessElement
    public void process(@Element Long key, OutputReceiver<String> out) {
      Faults.fault(fault).hit("upstream key " + key);
      ATTEMPTS.incrementAndGet();
      String tag = UUID.randomUUID().toString();
      out.output("p" + key + "|a|" + tag);
      out.output("p" + key + "|b|" + tag);
    }
  }

  // ---------------------------------------------------------------- the scenarios

  enum Injection {
    UPSTREAM("upstream"),
    BEFORE_WRITE("before_write"),
    PARTIAL_WRITE("partial_write"),
    BETWEEN_WRITE_AND_RECORD("between_write_and_record");

    final String id;

    Injection(String id) {
      this.id = id;
    }
  }

  private record Outcome(ExactlyOnceReport.Entry entry, Map<String, Long> expected, Map<String, Long> actual,
      Fault fault, Stats stats) {}

  /** Runs one job: {@code table} is "counter" or "upsert". */
  private static Outcome run(String table, Injection injection, boolean exactlyOnce) throws Exception {
    String run = table + "_" + injection.id + (exactlyOnce ? "_eo" : "_plain");
    Fault fault = Faults.register(run, failurePoints(table, injection));
    CassandraIO.Write<Long> write = table.equals("counter")
        ? CassandraIO.<Long>write().withConnection(connection())
            .withStatement(COUNTER_CQL, (i, b) -> b.setLong(0, delta(i)).setString(1, run).setString(2, key(i)).build())
        : CassandraIO.<Long>write().withConnection(connection())
            .withStatement(UPSERT_CQL, (i, b) -> b.setString(0, run).setString(1, key(i)).setLong(2, i)
                .setString(3, value(i)).build())
            // Several requests per write, so that a partial write is possible for upserts too.
            .withGrouping(Grouping.AUTO).withMaxPartitionsPerBatch(2);
    if (exactlyOnce) {
      BatchStage stage = switch (injection) {
        case BEFORE_WRITE -> BatchStage.BEFORE_WRITE;
        case BETWEEN_WRITE_AND_RECORD -> BatchStage.WRITTEN;
        default -> BatchStage.CUT; // not failed on
      };
      boolean listenerFails = injection == Injection.BEFORE_WRITE || injection == Injection.BETWEEN_WRITE_AND_RECORD;
      write = write.withExactlyOnce(exactlyOnce(run).withBatchListener(new Faults.StageListener(run, stage,
          listenerFails ? run : "", injection == Injection.PARTIAL_WRITE ? run : "")));
    }
    if (injection == Injection.PARTIAL_WRITE) {
      write = write.withSentRequestListener(new Faults.PartialWrite(run));
    }
    Pipeline p = Pipeline.create(flinkOptions());
    PCollection<Long> numbers = p.apply("Paced numbers", Read.from(new PacedSequence(0, N, PACE_MS, LINGER_MS)));
    if (injection == Injection.UPSTREAM) {
      numbers = numbers.apply("Fail upstream", ParDo.of(new Faults.FailUpstream<>(run)));
    }
    numbers.apply("Write", write);
    long ms = FlinkJobs.run(p, run, JOB_TIMEOUT).millis();

    Map<String, Long> expected = new TreeMap<>();
    Map<String, Long> actual = new TreeMap<>();
    long expectedTotal;
    long actualTotal;
    Map<String, Object> extra = new LinkedHashMap<>();
    if (table.equals("counter")) {
      for (long i = 0; i < N; i++) {
        expected.merge(key(i), delta(i), Long::sum);
      }
      for (Row r : KEYSPACE.session().execute("SELECT run, k, n FROM " + KS + ".counts")) {
        if (run.equals(r.getString("run"))) {
          actual.put(r.getString("k"), r.getLong("n"));
        }
      }
      expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();
      actualTotal = actual.values().stream().mapToLong(Long::longValue).sum();
      long keysOver = expected.keySet().stream().filter(k -> actual.getOrDefault(k, 0L) > expected.get(k)).count();
      long keysUnder = expected.keySet().stream().filter(k -> actual.getOrDefault(k, 0L) < expected.get(k)).count();
      extra.put("keys_over", keysOver);
      extra.put("keys_under", keysUnder);
    } else {
      for (long i = 0; i < N; i++) {
        expected.put(key(i) + "/" + i, 1L);
      }
      long wrong = 0;
      for (Row r : KEYSPACE.session().execute("SELECT run, k, i, v FROM " + KS + ".rows")) {
        if (run.equals(r.getString("run"))) {
          long i = r.getLong("i");
          boolean right = r.getString("k").equals(key(i)) && value(i).equals(r.getString("v"));
          wrong += right ? 0 : 1;
          actual.put(r.getString("k") + "/" + i, right ? 1L : 0L);
        }
      }
      expectedTotal = N;
      actualTotal = actual.size(); // rows read; rows with a wrong value are counted in wrong_values
      extra.put("wrong_values", wrong);
    }
    Stats stats = Faults.stats(run);
    extra.put("job_ms", ms);
    extra.put("fault_occurrences", fault.occurrences());
    if (exactlyOnce) {
      extra.put("writer", stats.toString());
      extra.put("elements_written_not_recorded", stats.writeStartedElements.get() - stats.recordedElements.get());
    }
    ExactlyOnceReport.Entry entry = new ExactlyOnceReport.Entry(table, injection.id, exactlyOnce, fault.injected(),
        exactlyOnce ? stats.skipped.get() : 0, expectedTotal, actualTotal, extra);
    record(entry);
    System.out.printf("ExactlyOnceFlinkIT %s: expected %d, actual %d, difference %d; %d/%d failures injected "
        + "(%d occurrences); %s; %s; %d ms%n", run, expectedTotal, actualTotal, entry.difference(), fault.injected(),
        fault.planned(), fault.occurrences(), exactlyOnce ? stats : "no exactly-once", extra, ms);
    assertEquals(run + ": failures injected (the run must reach every chosen occurrence)", fault.planned(),
        fault.injected());
    return new Outcome(entry, expected, actual, fault, stats);
  }

  /** The occurrences at which each point fails: spread over the run, so that checkpoints complete in between. */
  private static int[] failurePoints(String table, Injection injection) {
    // -Deo.noFailures=true: the same jobs without any injected failure (to tell runner trouble from replays).
    if (Boolean.getBoolean("eo.noFailures")) {
      return new int[0];
    }
    return switch (injection) {
      case UPSTREAM -> new int[] {40, 140, 250}; // elements (of 300, replays included)
      case BEFORE_WRITE, BETWEEN_WRITE_AND_RECORD -> new int[] {3, 10, 20}; // micro-batches (about 30-40)
      case PARTIAL_WRITE -> table.equals("counter")
          ? new int[] {20, 110, 220} // counter requests (one per element, never batched)
          : new int[] {5, 25, 50}; // upsert requests (batches of up to 2 partitions)
    };
  }

  private static void assertExact(Outcome o) {
    ExactlyOnceReport.Entry e = o.entry;
    if (e.table().equals("counter")) {
      assertEquals(e.table() + "/" + e.injection() + ": every key's counter", o.expected, o.actual);
    } else {
      assertEquals("rows with a wrong value", 0L, e.extra().get("wrong_values"));
      assertEquals("rows", o.expected.keySet(), o.actual.keySet());
    }
    assertEquals(0, e.difference());
  }

  /**
   * Counters that may over-count, within the window the class comment describes, and never lose
   * an increment. The bound: a batch's increments are applied only between its BEFORE_WRITE and its
   * record, so what can be applied twice is what the writer started writing and did not record
   * (the writer's batch listener counts both), each element adding at most {@link #MAX_DELTA}.
   */
  private static void assertOverCountOnly(Outcome o) {
    ExactlyOnceReport.Entry e = o.entry;
    long overCount = e.difference();
    long notRecorded = o.stats.writeStartedElements.get() - o.stats.recordedElements.get();
    long bound = MAX_DELTA * notRecorded;
    System.out.printf("ExactlyOnceFlinkIT %s/%s: over-count %d (%s), at most %d (%d elements written but not "
        + "recorded)%n", e.table(), e.injection(), overCount,
        overCount == 0 ? "none this run" : "batches written again inside the write-record window", bound, notRecorded);
    assertTrue("over-count must not be negative (nothing lost): " + overCount, overCount >= 0);
    assertTrue("over-count " + overCount + " exceeds the batches caught in the window: " + notRecorded
        + " elements written but not recorded, at most " + MAX_DELTA + " each (" + o.stats + ")",
        overCount <= bound);
    for (Map.Entry<String, Long> x : o.expected.entrySet()) {
      assertTrue("key " + x.getKey() + " lost increments: " + o.actual.get(x.getKey()) + " < " + x.getValue(),
          o.actual.getOrDefault(x.getKey(), 0L) >= x.getValue());
    }
    assertEquals("keys", o.expected.keySet(), o.actual.keySet());
    assertEquals("sum of counts = expected + over-count", e.expectedTotal() + overCount, e.actualTotal());
  }

  private static synchronized void record(ExactlyOnceReport.Entry entry) {
    ENTRIES.add(entry);
    ExactlyOnceReport.merge(entry);
  }

  // ---------------------------------------------------------------- data and plumbing

  static String key(long i) {
    return "k" + (i % KEYS);
  }

  /** The largest {@link #delta}. */
  static final long MAX_DELTA = 5;

  static long delta(long i) {
    return i % MAX_DELTA + 1;
  }

  static String value(long i) {
    return "v" + (i * 7);
  }

  private static CassandraConnection connection() {
    return SharedCassandra.connection();
  }

  private static ExactlyOnce exactlyOnce(String run) {
    return ExactlyOnce.sinkId("eo-flink-" + run).withShards(4).withMaxBatchElements(10)
        .withMaxBatchDelay(Duration.ofMillis(300)).withCheckpointTable(KS + ".committed_batches");
  }

  /** Streaming with checkpoints every 500 ms, parallelism 2, up to 20 restarts 200 ms apart. */
  private static FlinkPipelineOptions flinkOptions() {
    FlinkPipelineOptions options = FlinkJobs.exactlyOnceStreaming(2, 500L, 20);
    // With checkpointing on, the source ends only after an idle time; what the writer still holds then is
    // written at the end (--enableStableInputDrain).
    options.setShutdownSourcesAfterIdleMs(3_000L);
    return options;
  }
}
