package io.cassandraio.it.flink.cluster;

import io.cassandraio.examples.turbine.SensorEvent;
import io.cassandraio.examples.turbine.SensorSimulation;
import io.cassandraio.examples.turbine.WindTurbineJob;
import io.cassandraio.examples.turbine.WindTurbinePipeline;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.TurbineRows;
import io.cassandraio.localflink.LocalFlinkCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The README's wind-turbine job as a user deploys it: the examples' shaded job jar uploaded to a
 * standalone Flink session cluster (separate JobManager and TaskManager processes) through the
 * REST API, writing to the shared Cassandra node. The rows it stored are read back by plain CQL
 * and compared with the same aggregation computed here without Beam.
 */
public class JobJarOnClusterIT {
  private static final int TURBINES = 4;
  private static final int MINUTES = 60;
  private static final int READING_INTERVAL_SECONDS = 5;
  private static final long SEED = 42;
  private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");
  private static final int PARALLELISM = 2;
  /** A batch job of 2,880 events; on a busy 2-core machine it takes 10-20 s. */
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

  @ClassRule(order = 0)
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("cluster_turbine")
      .withSetup(WindTurbinePipeline::createSchema);
  @ClassRule(order = 1)
  public static final SharedFlinkCluster FLINK = new SharedFlinkCluster();

  @Test
  public void theJobJarWritesTheWindowsItComputes() {
    LocalFlinkCluster flink = FLINK.cluster();
    List<String> args = List.of(
        "--runner=FlinkRunner",
        "--cassandraContactPoints=" + StreamingCounterOnCluster.contactPoints(SharedCassandra.contactPoints()),
        "--localDatacenter=" + SharedCassandra.localDatacenter(),
        "--keyspace=" + KEYSPACE.name(),
        "--turbines=" + TURBINES,
        "--minutes=" + MINUTES,
        "--readingIntervalSeconds=" + READING_INTERVAL_SECONDS,
        "--startTime=" + START,
        "--seed=" + SEED);

    long started = System.nanoTime();
    String job = flink.submit(JobJar.path(), WindTurbineJob.class.getName(), args, PARALLELISM, null);
    String state = flink.awaitJobState(job, JOB_TIMEOUT, "FINISHED", "FAILED", "CANCELED");
    System.out.printf("JobJarOnClusterIT: job %s %s in %d ms%n", job, state, (System.nanoTime() - started) / 1_000_000);
    if (!"FINISHED".equals(state)) {
      throw new AssertionError("The wind-turbine job " + job + " ended " + state + " instead of FINISHED; see the "
          + "TaskManager logs " + flink.taskManagerLog(1) + " and " + flink.taskManagerLog(2)
          + " and the JobManager's in " + flink.workDir());
    }

    List<TimestampedValue<SensorEvent>> events = new SensorSimulation(TURBINES, START,
        Duration.ofMinutes(MINUTES), Duration.ofSeconds(READING_INTERVAL_SECONDS), SEED).events();
    TurbineRows.assertSameRows(TurbineRows.expected(events), TurbineRows.readAll(KEYSPACE.session(), KEYSPACE.name()));
  }
}
