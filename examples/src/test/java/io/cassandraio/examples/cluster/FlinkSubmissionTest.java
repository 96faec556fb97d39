package io.cassandraio.examples.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.client.program.ContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.junit.Test;

/**
 * {@link FlinkSubmission} against Flink's real context environment, installed here the way
 * {@code flink run} and the REST API install it before they call a job's main.
 */
public class FlinkSubmissionTest {
  @Test
  public void aPlainJvmIsNotInsideAFlinkCluster() {
    assertFalse(FlinkSubmission.insideFlinkCluster());
  }

  @Test
  public void aMainCalledByFlinkIsInsideAFlinkCluster() {
    ContextEnvironment.setAsContext(new DefaultExecutorServiceLoader(), new Configuration(),
        getClass().getClassLoader(), true, false);
    try {
      assertTrue(FlinkSubmission.insideFlinkCluster());
    } finally {
      ContextEnvironment.unsetAsContext();
    }
    assertFalse("still inside after the context was removed", FlinkSubmission.insideFlinkCluster());
  }

  @Test
  public void preparedOptionsSubmitDetached() {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    assertTrue("the runner's default", options.getAttachedMode());
    FlinkSubmission.prepare(options);
    assertFalse(options.getAttachedMode());
    assertEquals("left to its default, so that the runner uses the cluster's context", "[auto]",
        options.getFlinkMaster());
  }

  @Test
  public void anotherRunnerIsRefusedByName() {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(DirectRunner.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlinkSubmission.prepare(options));
    assertTrue(e.getMessage(), e.getMessage().contains("--runner=DirectRunner") && e.getMessage().contains("--runner=FlinkRunner"));
  }
}
