package io.cassandraio.examples.cluster;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.flink.api.java.ExecutionEnvironment;

/**
 * What a job main must do differently when Flink runs it to submit a job: {@code flink run}, or the
 * REST API's {@code /jars/:id/run}, where the main runs inside the JobManager.
 *
 * <p>There Flink installs a context environment, which the Beam FlinkRunner picks up with its default
 * {@code --flinkMaster=[auto]}. A REST submission is always detached: Flink then answers
 * {@code execute()} with a result that holds no runtime or accumulators, and the runner's attached
 * mode fails on it. So the job is submitted detached, the main returns without waiting (a web
 * submission answers only when the main returns), checks nothing and never calls
 * {@code System.exit} (that would stop the JobManager).
 */
public final class FlinkSubmission {
  private FlinkSubmission() {}

  /** Whether this main runs under a Flink client or JobManager that will take the job. */
  public static boolean insideFlinkCluster() {
    try {
      // A context environment forbids explicit ones; flink run and the REST API both install one.
      return !ExecutionEnvironment.areExplicitEnvironmentsAllowed();
    } catch (LinkageError noFlinkOnClasspath) {
      // A DirectRunner run of the job jar alone: no Flink, hence no cluster.
      return false;
    }
  }

  /** Submits without waiting; the job must run on the FlinkRunner, which uses the cluster's context. */
  public static void prepare(PipelineOptions options) {
    if (!FlinkRunner.class.equals(options.getRunner())) {
      throw new IllegalArgumentException("This job was submitted to a Flink cluster with --runner="
          + options.getRunner().getSimpleName() + "; pass --runner=FlinkRunner (and no --flinkMaster, "
          + "so that the runner uses the cluster that runs this main)");
    }
    options.as(FlinkPipelineOptions.class).setAttachedMode(false);
  }

  /** The line a submitter sees (flink run's output, the JobManager's log for a REST submission). */
  public static String submittedLine(String jobName, PipelineResult result) {
    String state;
    try {
      state = String.valueOf(result.getState());
    } catch (RuntimeException statusUnavailable) {
      state = "not reported";
    }
    return "Submitted " + jobName + " to the Flink cluster, detached (state " + state
        + "); follow it in the Flink web UI or with GET /jobs. This main checks nothing.";
  }
}
