package io.cassandraio.it.flink.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.examples.counter.StreamingCounterPipeline;
import io.cassandraio.it.exactlyonce.ExactlyOnceReport;
import io.cassandraio.it.support.FreshCluster;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.local.LocalNode;
import io.cassandraio.localflink.LocalFlinkCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A Cassandra node SIGKILLed while a Flink job on a standalone cluster writes to it at QUORUM
 * (3 nodes, RF 3): QUORUM still has two replicas, so the job goes on and nothing is lost. Read back
 * at QUORUM from the two surviving nodes: every upsert is present with its page, and no exactly-once
 * counter is below its number of views. Recorded in {@link ExactlyOnceReport#FILE} as failure kind
 * {@value #FAILURE_KIND}.
 *
 * <p>Counters are not asserted exact, because they are not: a counter update sent to (or led by)
 * the node that dies, or slowed past Cassandra's counter write timeout, times out
 * ({@code WriteTimeoutException ... COUNTER write}), and neither the client nor Cassandra can tell
 * whether it was applied. The micro-batch is not recorded, the task fails, Flink restarts the job
 * from its last checkpoint and the batch is written again; on Beam 2.62's Flink runner the replayed
 * stable input was also cut into micro-batches with other contents than the committed ones
 * ("changed replays", logged by the writer), which are written again whole. Measured 2026-12-02
 * (4,000 events, 1-3 restarts): +395, +559, +1,075; never under. The over-count is reported
 * ({@code difference} in the report), not bounded here: no bound derived from the restarts held.
 */
public class CassandraNodeKillIT {
  static final String FAILURE_KIND = "cassandra_node_kill";
  private static final int KILLED_NODE = 3;
  private static final long EVENTS = 4000;
  private static final double EVENTS_PER_SECOND = 200; // 20 s of input
  private static final int PAGES = 50;
  /** The kill comes once this many events are stored: mid-stream, with most of the input still to come. */
  private static final long EVENTS_BEFORE_KILL = EVENTS / 4;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
  /** QUORUM range reads time out until gossip marks the killed node down (about 19 s). */
  private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(60);

  @ClassRule(order = 0)
  public static final FreshCluster CASSANDRA = new FreshCluster(3, FreshCluster.baseAddress("127.0.71.1"),
      "cassandra-node-kill", spec -> spec
          // Server-side timeouts (defaults 2 s and 5 s) that a 2-core machine running 3 nodes and a
          // Flink cluster exceeds without any failure; the kill should be the only cause of failures.
          .withYaml("write_request_timeout", "10000ms")
          .withYaml("counter_write_request_timeout", "15000ms"));
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CASSANDRA, "cluster_node_kill")
      .withReplicationFactor(3)
      .withSetup(StreamingCounterOnCluster::createTables);
  @ClassRule(order = 2)
  public static final SharedFlinkCluster FLINK = new SharedFlinkCluster();

  @Test
  public void aNodeKilledMidStreamLosesNothingAtQuorum() {
    LocalFlinkCluster flink = FLINK.cluster();
    long started = System.nanoTime();
    String job = flink.submit(JobJar.path(), StreamingCounterOnCluster.MAIN,
        StreamingCounterOnCluster.args(CASSANDRA, KEYSPACE.name(), EVENTS, EVENTS_PER_SECOND, PAGES,
            DefaultConsistencyLevel.QUORUM), TestFlinkCluster.SLOTS, null);
    await("job " + job + " stores " + EVENTS_BEFORE_KILL + " events").atMost(JOB_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), KEYSPACE.name()) >= EVENTS_BEFORE_KILL);
    long storedAtKill = StreamingCounterOnCluster.eventsWritten(KEYSPACE.session(), KEYSPACE.name());
    LocalNode victim = CASSANDRA.cluster().node(KILLED_NODE);
    String victimDescription = victim.address() + " (PID " + victim.pid() + ")";
    long killedAtMs = (System.nanoTime() - started) / 1_000_000;
    CASSANDRA.cluster().kill(KILLED_NODE);
    System.out.printf("CassandraNodeKillIT: SIGKILLed node%d %s %d ms after submission, %d of %d events stored%n",
        KILLED_NODE, victimDescription, killedAtMs, storedAtKill, EVENTS);

    String state = flink.awaitJobState(job, JOB_TIMEOUT, "FINISHED", "FAILED", "CANCELED");
    long jobMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("CassandraNodeKillIT: job %s %s %d ms after submission%n", job, state, jobMs);
    assertEquals("job " + job + " after node" + KILLED_NODE + " was killed (TaskManager logs: "
        + flink.taskManagerLog(1) + ", " + flink.taskManagerLog(2) + ")", "FINISHED", state);

    // Two replicas of three answer: a QUORUM read sees every write acknowledged at QUORUM.
    TreeSet<Long> ids = new TreeSet<>();
    Map<String, Long> views = new LinkedHashMap<>();
    await("QUORUM reads with node" + KILLED_NODE + " down").atMost(READ_BACK_TIMEOUT).pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> {
          ids.clear();
          ids.addAll(StreamingCounterOnCluster.eventIds(KEYSPACE.session(), KEYSPACE.name(), DefaultConsistencyLevel.QUORUM));
          views.clear();
          views.putAll(StreamingCounterOnCluster.views(KEYSPACE.session(), KEYSPACE.name(), DefaultConsistencyLevel.QUORUM));
          return true;
        });
    Map<String, Long> expectedViews = StreamingCounterPipeline.expectedViews(EVENTS, PAGES);
    long viewTotal = PageStreamTables.total(views);
    long restarts = restarts(flink);
    WriterLogLines counterLog = WriterLogLines.of(flink, KEYSPACE.name(), StreamingCounterPipeline.COUNTER_TABLE);
    WriterLogLines eventLog = WriterLogLines.of(flink, KEYSPACE.name(), StreamingCounterPipeline.EVENT_TABLE);

    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("runner", "flink-cluster");
    extra.put("parallelism", TestFlinkCluster.SLOTS);
    extra.put("cassandra_nodes", 3);
    extra.put("replication_factor", 3);
    extra.put("consistency", "QUORUM");
    extra.put("killed_node", victimDescription);
    extra.put("killed_at_ms", killedAtMs);
    extra.put("stored_at_kill", storedAtKill);
    extra.put("job_restarts", restarts);
    extra.put("job_ms", jobMs);
    extra.put("batches_skipped_source", "WARN lines of the TaskManager logs");
    Map<String, Object> eventExtra = new LinkedHashMap<>(extra);
    eventExtra.put("changed_replays", eventLog.changedReplays());
    ExactlyOnceReport.merge(new ExactlyOnceReport.Entry("upsert", FAILURE_KIND, true, 1, eventLog.skippedBatches(),
        EVENTS, ids.size(), eventExtra));
    Map<String, Object> counterExtra = new LinkedHashMap<>(extra);
    counterExtra.put("changed_replays", counterLog.changedReplays());
    System.out.println("CassandraNodeKillIT report (" + ExactlyOnceReport.FILE.toAbsolutePath() + "):");
    System.out.print(ExactlyOnceReport.table(ExactlyOnceReport.merge(new ExactlyOnceReport.Entry("counter",
        FAILURE_KIND, true, 1, counterLog.skippedBatches(), EVENTS, viewTotal, counterExtra))));
    System.out.printf("CassandraNodeKillIT: %d job restart(s); exactly-once counters %+d; %d + %d "
        + "micro-batches skipped as replays, %d + %d changed replays (counters + upserts)%n", restarts,
        viewTotal - EVENTS, counterLog.skippedBatches(), eventLog.skippedBatches(),
        counterLog.changedReplays(), eventLog.changedReplays());

    TreeSet<Long> missing = LongStream.range(0, EVENTS).boxed().filter(i -> !ids.contains(i))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals("event ids missing after the node kill (first ones): "
        + missing.stream().limit(20).toList(), 0, missing.size());
    assertEquals("event ids stored (ids beyond the input?)", EVENTS, ids.size());
    PageStreamTables.assertNothingLost("exactly-once counters after the node kill", expectedViews, views);
  }

  /** How often Flink restarted the job (the JobManager logs each RUNNING -> RESTARTING). */
  private static long restarts(LocalFlinkCluster flink) {
    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(flink.jobManagerLog())) {
      return lines.filter(l -> l.contains("switched from state RUNNING to RESTARTING")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the JobManager log " + flink.jobManagerLog(), e);
    }
  }
}
