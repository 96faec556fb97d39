package io.cassandraio.it.support;

import java.lang.reflect.Field;
import org.apache.beam.runners.flink.FlinkDetachedRunnerResult;
import org.apache.beam.sdk.PipelineResult;
import org.apache.flink.core.execution.JobClient;

/** Flink jobs that tests run detached, so that they can wait with a timeout and cancel. */
public final class FlinkJobs {
  private FlinkJobs() {}

  /**
   * The Flink job behind a detached run. Beam's detached result asks a per-job MiniCluster for
   * the job's state, which fails once the job has ended and the MiniCluster shut down, and it
   * does not say why a job failed; Flink's {@link JobClient} does both.
   */
  public static JobClient jobClient(PipelineResult result) throws ReflectiveOperationException {
    if (!(result instanceof FlinkDetachedRunnerResult)) {
      throw new AssertionError("expected a detached Flink result, got " + result.getClass());
    }
    Field field = FlinkDetachedRunnerResult.class.getDeclaredField("jobClient");
    field.setAccessible(true);
    return (JobClient) field.get(result);
  }
}
