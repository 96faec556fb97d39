package io.cassandraio.it.support;

import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.runners.flink.FlinkDetachedRunnerResult;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Flink jobs in tests: the pipeline options they start from, and running them detached so that a
 * test can wait with a timeout and cancel. A JUnit timeout would not stop the job: its MiniCluster
 * runs in this JVM and keeps going after the test has failed.
 */
public final class FlinkJobs {
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);

  private FlinkJobs() {}

  // ---- options ------------------------------------------------------------------------------

  /**
   * A job on a MiniCluster in this JVM ({@code [local]}) with {@code parallelism}, detached:
   * {@code run()} returns at once with a result that {@link #jobClient} turns into a job that can
   * be waited for and cancelled. Batch unless the caller sets streaming.
   */
  public static FlinkPipelineOptions local(int parallelism) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(parallelism);
    options.setAttachedMode(false);
    return options;
  }

  /**
   * {@link #local} in streaming mode as exactly-once needs it: checkpoints every
   * {@code checkpointMs} in EXACTLY_ONCE mode, {@code --enableStableInputDrain} (the micro-batches
   * still buffered when the input ends are written then), and up to {@code restarts} restarts
   * 200 ms apart (failures are injected on purpose). Sources that should end the job by themselves
   * also need {@code setShutdownSourcesAfterIdleMs}.
   */
  public static FlinkPipelineOptions exactlyOnceStreaming(int parallelism, long checkpointMs, int restarts) {
    FlinkPipelineOptions options = local(parallelism);
    options.setStreaming(true);
    options.setCheckpointingInterval(checkpointMs);
    options.setCheckpointingMode("EXACTLY_ONCE");
    options.setEnableStableInputDrain(true);
    options.setNumberOfExecutionRetries(restarts);
    options.setExecutionRetryDelay(200L);
    return options;
  }

  // ---- running ------------------------------------------------------------------------------

  /** A finished job: its result and how long it ran, from submission to its end. */
  public record Finished(JobExecutionResult result, long millis) {}

  /**
   * Runs {@code pipeline} (with {@link #local} options) and waits up to {@code timeout} for its
   * end. Cancels the job and fails if it has not ended by then; fails with the job's own error if
   * it failed. {@code what} names the job in failure messages.
   */
  public static Finished run(Pipeline pipeline, String what, Duration timeout) throws Exception {
    long started = System.nanoTime();
    JobExecutionResult result = awaitEnd(jobClient(pipeline.run()), what, timeout);
    return new Finished(result, (System.nanoTime() - started) / 1_000_000);
  }

  /** Waits up to {@code timeout} for {@code job} to end; cancels it and fails on timeout, fails if it failed. */
  public static JobExecutionResult awaitEnd(JobClient job, String what, Duration timeout) throws Exception {
    try {
      return job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      job.cancel().get(CANCEL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError(what + ": the Flink job did not end within " + timeout.toSeconds()
          + " s; cancelled it");
    } catch (ExecutionException e) {
      throw new AssertionError(what + ": the Flink job failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Waits up to {@code timeout} for {@code condition} while {@code job} runs. Cancels the job and
   * fails if the condition does not hold by then, or if the job ends before it holds.
   */
  public static void awaitWhileRunning(JobClient job, String what, Duration timeout, Callable<Boolean> condition)
      throws Exception {
    try {
      await(what).atMost(timeout).pollInterval(Duration.ofMillis(200))
          .until(() -> condition.call() || job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState());
    } catch (ConditionTimeoutException e) {
      job.cancel().get(CANCEL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("not reached within " + timeout.toSeconds() + " s: " + what + "; cancelled the job", e);
    }
    if (!condition.call()) {
      throw new AssertionError("the Flink job ended (" + job.getJobStatus().get(30, TimeUnit.SECONDS)
          + ") before this was reached: " + what);
    }
  }

  /** Cancels the job behind a detached result (or any other result) and waits for it. */
  public static void cancel(PipelineResult result) throws Exception {
    if (result instanceof FlinkDetachedRunnerResult) {
      jobClient(result).cancel().get(CANCEL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } else {
      result.cancel();
    }
  }

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
