package io.cassandraio.it.exactlyonce;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.it.support.FlinkJobs;
import io.cassandraio.it.support.SessionLeases;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Exactly-once refuses, before any job starts, a Flink configuration that would not keep its
 * stable-input promise: streaming without checkpointing, checkpointing in AT_LEAST_ONCE mode,
 * or without {@code --enableStableInputDrain} (the job would fail at the end of its input).
 * Batch mode on a bounded input passes; a bounded input on streaming passes with a warning. The connection points at an address where nothing
 * listens: these jobs must never get as far as connecting.
 *
 * <p>Every run is detached, so that if validation ever let such a job through, {@code run()}
 * would return (instead of blocking on a streaming job that never ends) and the test cancels the
 * job and fails.
 */
public class ExactlyOnceRunnerErrorsIT {
  private static final CassandraConnection NOWHERE = CassandraConnection.create()
      .withContactPoints("127.0.61.254:9042").withLocalDatacenter("datacenter1");

  private Set<String> threadsBefore;

  @Before
  public void recordThreads() {
    // What earlier test classes in this JVM opened must be closed first, so that the check after the test sees ours.
    SessionLeases.awaitAllClosed("before the test (left over by an earlier test in this JVM?)");
    threadsBefore = flinkThreads();
  }

  /** Nothing of Flink (MiniCluster, RPC, task threads) may have been started. */
  @After
  public void nothingStarted() {
    Set<String> started = flinkThreads();
    started.removeAll(threadsBefore);
    assertEquals("Flink threads started by a job that should have been refused", Set.of(), started);
    assertEquals("sessions opened by a job that should have been refused", 0, SharedSessions.openSessions());
  }

  private static Set<String> flinkThreads() {
    Set<String> names = new TreeSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName().toLowerCase();
      if (t.isAlive() && (name.contains("flink") || name.contains("pekko") || name.contains("minicluster")
          || name.contains("jobmanager") || name.contains("taskmanager") || name.contains("checkpoint"))) {
        names.add(t.getName());
      }
    }
    return names;
  }

  private static FlinkPipelineOptions flinkOptions(boolean streaming) {
    FlinkPipelineOptions options = FlinkJobs.local(1);
    options.setStreaming(streaming);
    return options;
  }

  private static CassandraIO.Write<Long> exactlyOnceWrite() {
    return CassandraIO.<Long>write()
        .withConnection(NOWHERE)
        .withStatement("INSERT INTO ks.t (k) VALUES (?)", (e, b) -> b.setLong(0, e).build())
        .withExactlyOnce(ExactlyOnce.sinkId("runner-errors"));
  }

  private static Pipeline boundedPipeline(PipelineOptions options) {
    Pipeline p = Pipeline.create(options);
    p.apply(Create.of(1L, 2L, 3L)).apply(exactlyOnceWrite());
    return p;
  }

  /** run() must throw; if it returned a (detached) job instead, cancel it and fail. */
  private static IllegalArgumentException runExpectingRefusal(Pipeline p) throws Exception {
    PipelineResult[] result = new PipelineResult[1];
    IllegalArgumentException refused;
    try {
      refused = assertThrows(IllegalArgumentException.class, () -> result[0] = p.run());
    } finally {
      if (result[0] != null) {
        FlinkJobs.cancel(result[0]);
      }
    }
    System.out.println("ExactlyOnceRunnerErrorsIT: refused with: " + refused.getMessage());
    return refused;
  }

  /** What {@code Pipeline.run} does first (package-private there): validate every transform. */
  private static void validate(Pipeline p, PipelineOptions options) {
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (!node.isRootNode()) {
          node.getTransform().validate(options);
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }

      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        node.getTransform().validate(options);
      }
    });
  }

  @Test
  public void streamingWithoutCheckpointingIsRefused() throws Exception {
    IllegalArgumentException e = runExpectingRefusal(boundedPipeline(flinkOptions(true)));
    assertTrue(e.getMessage(), e.getMessage().contains("--checkpointingInterval"));
    assertTrue(e.getMessage(), e.getMessage().contains("runner-errors"));
  }

  @Test
  public void atLeastOnceCheckpointingIsRefused() throws Exception {
    FlinkPipelineOptions options = flinkOptions(true);
    options.setCheckpointingInterval(500L);
    options.setCheckpointingMode("AT_LEAST_ONCE");
    IllegalArgumentException e = runExpectingRefusal(boundedPipeline(options));
    assertTrue(e.getMessage(), e.getMessage().contains("--checkpointingMode=EXACTLY_ONCE"));
    assertTrue(e.getMessage(), e.getMessage().contains("AT_LEAST_ONCE"));
  }

  @Test
  public void optionsGivenAsArgumentsAreSeenToo() throws Exception {
    FlinkPipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]",
        "--streaming=true", "--attachedMode=false", "--parallelism=1", "--checkpointingInterval=500",
        "--checkpointingMode=AT_LEAST_ONCE", "--enableStableInputDrain=true").as(FlinkPipelineOptions.class);
    IllegalArgumentException e = runExpectingRefusal(boundedPipeline(options));
    assertTrue(e.getMessage(), e.getMessage().contains("--checkpointingMode=EXACTLY_ONCE"));
  }

  @Test
  public void unboundedInputCountsAsStreamingEvenWithoutTheFlag() throws Exception {
    // The Flink runner switches to streaming by itself for an unbounded source, after validation.
    FlinkPipelineOptions options = flinkOptions(false);
    Pipeline p = Pipeline.create(options);
    PCollection<Long> unbounded = p.apply(GenerateSequence.from(0))
        .apply(MapElements.into(TypeDescriptors.longs()).via((Long x) -> x));
    unbounded.apply(exactlyOnceWrite());
    IllegalArgumentException e = runExpectingRefusal(p);
    assertTrue(e.getMessage(), e.getMessage().contains("--checkpointingInterval"));
  }

  @Test
  public void batchOnBoundedInputPassesValidation() {
    FlinkPipelineOptions options = flinkOptions(false);
    validate(boundedPipeline(options), options);
  }

  @Test
  public void streamingWithoutStableInputDrainIsRefused() throws Exception {
    FlinkPipelineOptions options = flinkOptions(true);
    options.setCheckpointingInterval(500L);
    IllegalArgumentException e = runExpectingRefusal(boundedPipeline(options));
    assertTrue(e.getMessage(), e.getMessage().contains("--enableStableInputDrain=true"));
    assertTrue(e.getMessage(), e.getMessage().contains("runner-errors"));
  }

  @Test
  public void streamingWithExactlyOnceCheckpointingPassesValidation() {
    FlinkPipelineOptions options = flinkOptions(true);
    options.setCheckpointingInterval(500L);
    options.setEnableStableInputDrain(true);
    validate(boundedPipeline(options), options);
    options.setCheckpointingMode("EXACTLY_ONCE");
    validate(boundedPipeline(options), options);
  }

  @Test
  public void aBoundedInputOnFlinkStreamingIsWarnedAbout() {
    FlinkPipelineOptions options = flinkOptions(true);
    options.setCheckpointingInterval(500L);
    options.setEnableStableInputDrain(true);
    String bounded = stderrOf(() -> validate(boundedPipeline(options), options));
    assertTrue(bounded, bounded.contains("WARN") && bounded.contains("reads a bounded input on Flink streaming"));
    assertTrue(bounded, bounded.contains("--numConcurrentCheckpoints=2 and --minPauseBetweenCheckpoints"));
    options.setNumConcurrentCheckpoints(2);
    options.setMinPauseBetweenCheckpoints(100L);
    String recommended = stderrOf(() -> validate(boundedPipeline(options), options));
    assertTrue(recommended, !recommended.contains("--numConcurrentCheckpoints"));

    Pipeline p = Pipeline.create(options);
    p.apply(GenerateSequence.from(0).withRate(10, org.joda.time.Duration.standardSeconds(1)))
        .apply(exactlyOnceWrite());
    String unbounded = stderrOf(() -> validate(p, options));
    assertTrue(unbounded, !unbounded.contains("bounded input"));
  }

  /** What slf4j-simple (which writes to the current System.err) logged while {@code r} ran. */
  private static String stderrOf(Runnable r) {
    java.io.PrintStream before = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(before);
    }
    String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    before.print(text);
    return text;
  }

  @Test
  public void theValidationItselfCanFail() {
    // The traversal above is not vacuous: it does reach the exactly-once step.
    FlinkPipelineOptions options = flinkOptions(true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> validate(boundedPipeline(options), options));
    assertTrue(e.getMessage(), e.getMessage().contains("--checkpointingInterval"));
  }
}
