package io.cassandraio.examples.counter;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.CassandraConnection;
import io.cassandraio.examples.cluster.FlinkSubmission;
import io.cassandraio.examples.cluster.JobCassandra;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.RunningCassandra;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * An exactly-once, micro-batched event counter on the Flink runner (streaming, local unless
 * {@code --flinkMaster} says otherwise, checkpoints every 500 ms). It injects failures upstream of
 * the writer; each one restarts the job from its last checkpoint and replays what followed it.
 * The page counters read back must still equal the events counted. Exit status 1 otherwise.
 *
 * <p>Cassandra: the cluster named by {@code --cassandraContactPoints}, else by {@code
 * CASSANDRA_CONTACT_POINTS}, else a real local node that this job starts and stops. The counter
 * table is truncated first, so that a second run checks itself too.
 *
 * <p>Submitted to a Flink cluster ({@code flink run}, REST API), it creates the schema (without
 * truncating: a resubmission from a savepoint continues the counts) and submits the job, checking
 * nothing (see {@link FlinkSubmission}).
 */
public final class EventCounterJob {
  private EventCounterJob() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(EventCounterOptions.class);
    EventCounterOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(EventCounterOptions.class);
    if (FlinkSubmission.insideFlinkCluster()) {
      run(options, true);
      return; // no System.exit: this JVM is Flink's
    }
    System.exit(run(options, false));
  }

  /** Gets a Cassandra (yours or an embedded node), then runs the job against it. */
  public static int run(EventCounterOptions options) {
    return run(options, false);
  }

  private static int run(EventCounterOptions options, boolean submitOnly) {
    ClusterSpec localSpec = ClusterSpec.nodes(1).withBaseAddress(options.getLocalCassandraAddress());
    try (RunningCassandra cassandra = JobCassandra.open(options, localSpec, submitOnly);
        CqlSession session = JobCassandra.adminSession(cassandra)) {
      System.out.printf("Cassandra: %s%n", cassandra.description());
      return run(options, session, CassandraConnection.create()
          .withContactPoints(cassandra.contactPoints())
          .withLocalDatacenter(cassandra.localDatacenter()), submitOnly);
    }
  }

  /** Runs the job against the cluster of {@code session}; returns the exit status (0: counts exact). */
  public static int run(EventCounterOptions options, CqlSession session, CassandraConnection connection) {
    return run(options, session, connection, false);
  }

  private static int run(EventCounterOptions options, CqlSession session, CassandraConnection connection,
      boolean submitOnly) {
    options.setRunner(FlinkRunner.class);
    if (submitOnly) {
      FlinkSubmission.prepare(options);
    }
    options.setStreaming(true);
    if (options.getCheckpointingInterval() <= 0) {
      options.setCheckpointingInterval(500L);
    }
    // With checkpointing on, Flink keeps even a bounded source open unless told when to end it.
    options.setShutdownSourcesAfterIdleMs(Math.max(3000L, 4 * options.getCheckpointingInterval()));
    // Exactly-once requires it: the micro-batches cut after the last checkpoint are written when the input ends.
    options.setEnableStableInputDrain(true);
    // Recommended with exactly-once on Beam 2.62 (see the README): no early release after a restore.
    options.setNumConcurrentCheckpoints(2);
    options.setMinPauseBetweenCheckpoints(100L);
    options.setNumberOfExecutionRetries(Math.max(options.getNumberOfExecutionRetries(), options.getInjectFailures() + 3));
    options.setExecutionRetryDelay(200L);
    String keyspace = options.getKeyspace();
    EventCounterPipeline.createSchema(session, keyspace);
    if (!submitOnly) {
      session.execute("TRUNCATE " + keyspace + "." + EventCounterPipeline.TABLE);
    }
    Map<String, Long> expected = new TreeMap<>();
    for (long i = 0; i < options.getEvents(); i++) {
      expected.merge(EventCounterPipeline.pageOf(i, options.getPages()), 1L, Long::sum);
    }
    Pipeline pipeline = Pipeline.create(options);
    EventCounterPipeline.build(pipeline, options.getEvents(), options.getPages(), connection, keyspace,
        options.getInjectFailures());
    System.out.printf("Counting %,d page views over %d pages on Flink (streaming, checkpoints every %d ms), "
        + "injecting %d failures, writing exactly once ...%n", options.getEvents(), options.getPages(),
        options.getCheckpointingInterval(), options.getInjectFailures());
    long t0 = System.nanoTime();
    PipelineResult result = pipeline.run();
    if (submitOnly) {
      System.out.println(FlinkSubmission.submittedLine("EventCounterJob", result));
      return 0;
    }
    PipelineResult.State state = result.waitUntilFinish();
    System.out.printf("Pipeline %s in %.1f s; failures left to inject: %d%n", state, (System.nanoTime() - t0) / 1e9,
        EventCounterPipeline.FAILURES_LEFT.get());

    Map<String, Long> actual = new TreeMap<>();
    for (Row r : session.execute("SELECT page, views FROM " + keyspace + "." + EventCounterPipeline.TABLE)) {
      actual.put(r.getString("page"), r.getLong("views"));
    }
    long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();
    long actualTotal = actual.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("Views read back: %,d (expected %,d) over %d pages (expected %d)%n", actualTotal,
        expectedTotal, actual.size(), expected.size());
    boolean ok = state == PipelineResult.State.DONE && actual.equals(expected)
        && EventCounterPipeline.FAILURES_LEFT.get() == 0;
    System.out.println(ok ? "OK: every page counted exactly once, through " + options.getInjectFailures()
        + " failures and restarts" : "FAILED: the counters differ from the events counted");
    return ok ? 0 : 1;
  }
}
