package io.cassandraio.examples.turbine;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.examples.cluster.FlinkSubmission;
import io.cassandraio.examples.cluster.JobCassandra;
import io.cassandraio.local.BackendKind;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.RunningCassandra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * The README's main job: simulated wind-turbine readings, aggregated per turbine over 5-minute
 * event-time windows (min, max, average speed) and written to Cassandra with {@code
 * CassandraIO.write().withEntity(...)}, then read back and checked.
 *
 * <p>Cassandra: the cluster named by {@code --cassandraContactPoints}, else by {@code
 * CASSANDRA_CONTACT_POINTS}, else a real local node that this job starts and stops. Runner: the
 * DirectRunner, or {@code --runner=FlinkRunner} (a local Flink unless {@code --flinkMaster} says
 * otherwise). Exits with status 1 if the rows read back are not the windows written.
 *
 * <p>Submitted to a Flink cluster ({@code flink run}, REST API), it only creates the schema and
 * submits the job (see {@link FlinkSubmission}).
 */
public final class WindTurbineJob {
  private WindTurbineJob() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(WindTurbineOptions.class);
    WindTurbineOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(WindTurbineOptions.class);
    if (FlinkSubmission.insideFlinkCluster()) {
      FlinkSubmission.prepare(options);
      run(options, true);
      return; // no System.exit: this JVM is Flink's
    }
    int status = run(options, false);
    System.exit(status);
  }

  /** Runs the job; returns the process exit status (0: every window read back). */
  public static int run(WindTurbineOptions options) {
    return run(options, false);
  }

  /** As {@link #run(WindTurbineOptions)}; with {@code submitOnly}, returns 0 once the job is submitted. */
  private static int run(WindTurbineOptions options, boolean submitOnly) {
    SensorSimulation simulation = new SensorSimulation(options.getTurbines(), Instant.parse(options.getStartTime()),
        Duration.ofMinutes(options.getMinutes()), Duration.ofSeconds(options.getReadingIntervalSeconds()),
        options.getSeed());
    String keyspace = options.getKeyspace();
    String table = keyspace + "." + TurbineAggregatedRecord.TABLE;

    say("Getting a Cassandra (pass --cassandraContactPoints or set CASSANDRA_CONTACT_POINTS to use your own) ...");
    long t0 = System.nanoTime();
    ClusterSpec localSpec = ClusterSpec.nodes(1).withBaseAddress(options.getLocalCassandraAddress());
    try (RunningCassandra cassandra = JobCassandra.open(options, localSpec, submitOnly);
        CqlSession session = JobCassandra.adminSession(cassandra)) {
      say("Connected to %s in %.1f s", cassandra.description(), seconds(t0));

      WindTurbinePipeline.createSchema(session, keyspace);
      say("Created keyspace %s and table %s (if absent)", keyspace, table);

      List<TimestampedValue<SensorEvent>> events = simulation.events();
      int expectedWindows = WindTurbinePipeline.windowCount(events);
      say("Simulated %d sensor events: %d turbines (%s..%s), one reading every %d s from %s to %s, seed %d",
          events.size(), simulation.turbines(), SensorSimulation.turbineId(1),
          SensorSimulation.turbineId(simulation.turbines()), options.getReadingIntervalSeconds(),
          simulation.start(), simulation.end(), options.getSeed());
      say("They cover %d (turbine, 5-minute window) pairs", expectedWindows);

      CassandraConnection connection = CassandraConnection.create()
          .withContactPoints(cassandra.contactPoints())
          .withLocalDatacenter(cassandra.localDatacenter());
      Pipeline pipeline = Pipeline.create(options);
      WindTurbinePipeline.build(pipeline, events, connection, keyspace);
      say("Running on %s: 5-minute windows per turbine -> min/max/avg speed -> "
          + "CassandraIO.write().withEntity(TurbineAggregatedRecord, TurbineDao::save) ...",
          options.getRunner().getSimpleName());
      long t1 = System.nanoTime();
      PipelineResult result = pipeline.run();
      if (submitOnly) {
        say("%s", FlinkSubmission.submittedLine("WindTurbineJob", result));
        return 0;
      }
      PipelineResult.State state = result.waitUntilFinish();
      long windowsAggregated = counter(result, WindTurbinePipeline.class.getName(), WindTurbinePipeline.WINDOWS_COUNTER);
      long rowsWritten = counter(result, CassandraIOMetrics.NAMESPACE, CassandraIOMetrics.ROWS_WRITTEN);
      long batches = counter(result, CassandraIOMetrics.NAMESPACE, CassandraIOMetrics.BATCHES_WRITTEN);
      say("Pipeline %s in %.1f s: %d windows aggregated; CassandraIO wrote %d rows, grouped into %d "
          + "single-partition UNLOGGED batches plus single statements", state, seconds(t1), windowsAggregated,
          rowsWritten, batches);

      TurbineDao dao = new TurbineMapperBuilder(session).build().turbineDao(keyspace);
      List<TurbineAggregatedRecord> readBack = new ArrayList<>();
      for (String turbine : simulation.turbineIds()) {
        // reported_time is a window's end: after the first reading, at most one window after the last.
        dao.findInRange(turbine, simulation.start(), simulation.end().plus(WindTurbinePipeline.WINDOW))
            .forEach(readBack::add);
      }
      say("Read back %d rows of these turbines and hours from %s:", readBack.size(), table);
      System.out.println("  turbineid      reported_time (window end)   min_speed  max_speed  avg_speed");
      readBack.stream().limit(6).forEach(r -> System.out.printf(Locale.ROOT, "  %-13s  %-27s  %9.1f  %9.1f  %9.2f%n",
          r.turbineid(), r.reportedTime(), r.minSpeed(), r.maxSpeed(), r.avgSpeed()));
      if (readBack.size() > 6) {
        System.out.printf("  ... (%d more)%n", readBack.size() - 6);
      }

      boolean ok = state == PipelineResult.State.DONE
          && readBack.size() == expectedWindows && windowsAggregated == expectedWindows;
      if (ok) {
        say("OK: %d rows read back = %d windows written", readBack.size(), windowsAggregated);
      } else {
        System.err.printf("FAILED: pipeline %s, %d windows expected, %d aggregated, %d rows read back%n",
            state, expectedWindows, windowsAggregated, readBack.size());
      }
      if (cassandra.kind() == BackendKind.LOCAL) {
        say("Stopping the embedded node");
      }
      return ok ? 0 : 1;
    }
  }

  /**
   * A counter's committed value where the runner has one, else its attempted value. Committed
   * first: the DirectRunner (2.62) can lose attempted updates made in {@code @FinishBundle},
   * where CassandraIO counts its rows; Flink has attempted values only.
   */
  private static long counter(PipelineResult result, String namespace, String name) {
    MetricQueryResults metrics = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build());
    long total = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      Long committed = c.getCommittedOrNull();
      total += committed != null ? committed : c.getAttempted();
    }
    return total;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
