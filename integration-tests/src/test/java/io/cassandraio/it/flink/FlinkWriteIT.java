package io.cassandraio.it.flink;

import static org.junit.Assert.assertEquals;

import io.cassandraio.examples.turbine.SensorEvent;
import io.cassandraio.examples.turbine.SensorSimulation;
import io.cassandraio.examples.turbine.WindTurbinePipeline;
import io.cassandraio.it.support.FlinkJobs;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.TurbineRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The wind-turbine write pipeline (event-time windows, a Combine, CassandraIO.write().withEntity)
 * on the FlinkRunner in local mode (a MiniCluster in this JVM, parallelism 2), in batch and in
 * streaming mode. Each turbine's 12 windows share a partition, so the writer batches them.
 *
 * <p>A JUnit timeout would not stop a MiniCluster, so the job runs detached and is cancelled when
 * it has not finished within {@link #JOB_TIMEOUT} ({@link FlinkJobs#run}). Streaming mode
 * checkpoints every 500 ms, and its bounded source shuts down after 2 s idle so that the job ends
 * by itself.
 */
public class FlinkWriteIT {
  @ClassRule
  public static final TestKeyspace BATCH_KS = TestKeyspace.onSharedNode("flink_write_batch")
      .withSetup(WindTurbinePipeline::createSchema);
  @ClassRule
  public static final TestKeyspace STREAMING_KS = TestKeyspace.onSharedNode("flink_write_streaming")
      .withSetup(WindTurbinePipeline::createSchema);

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
  private static final List<TimestampedValue<SensorEvent>> EVENTS = new SensorSimulation(4,
      Instant.parse("2026-06-01T12:00:00Z"), Duration.ofMinutes(60), Duration.ofSeconds(5), 7).events();

  @Test
  public void batch() throws Exception {
    runAndCheck(FlinkJobs.local(2), BATCH_KS);
  }

  @Test
  public void streaming() throws Exception {
    FlinkPipelineOptions options = FlinkJobs.local(2);
    options.setStreaming(true);
    // Checkpoints as a real streaming job takes them: each one makes the writer finish its bundle.
    options.setCheckpointingInterval(500L);
    // With checkpointing on, a bounded source would otherwise stay up (idle) forever.
    options.setShutdownSourcesAfterIdleMs(2_000L);
    runAndCheck(options, STREAMING_KS);
  }

  private static String mode(FlinkPipelineOptions options) {
    return options.isStreaming() ? "streaming" : "batch";
  }

  private static void runAndCheck(FlinkPipelineOptions options, TestKeyspace keyspace) throws Exception {
    Pipeline pipeline = Pipeline.create(options);
    WindTurbinePipeline.build(pipeline, EVENTS, SharedCassandra.connection(), keyspace.name());
    FlinkJobs.Finished job = FlinkJobs.run(pipeline, "FlinkWriteIT " + mode(options), JOB_TIMEOUT);
    System.out.printf("FlinkWriteIT: %s job finished in %d ms%n", mode(options), job.millis());

    TurbineRows.assertSameRows(TurbineRows.expected(EVENTS), TurbineRows.readAll(keyspace.session(), keyspace.name()));
    assertEquals(48, TurbineRows.readAll(keyspace.session(), keyspace.name()).size());

    // Flink calls @Teardown when the tasks close, which may trail the job's end a little.
    SessionLeases.awaitAllClosed("after the Flink job (" + mode(options) + ")");
  }
}
