package io.cassandraio.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What exactly-once needs from the runner, checked when the pipeline is validated. The Flink
 * runner only keeps {@code @RequiresStableInput} promises in streaming mode with checkpointing
 * in EXACTLY_ONCE mode, and only ends such a step cleanly with {@code --enableStableInputDrain};
 * anything else would replay writes after a restore. A bounded input on Flink streaming is warned
 * about: the runner re-reads a bounded source's split after a restore.
 */
public final class RunnerRequirements {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RunnerRequirements.class);

  private RunnerRequirements() {}

  /**
   * {@code unboundedInput}: the Flink runner switches to streaming by itself when the pipeline
   * reads an unbounded source, after validation, so that counts as streaming here.
   */
  public static void check(PipelineOptions options, boolean unboundedInput, String sinkId) {
    if (options == null || !options.getRunner().getSimpleName().contains("Flink")) {
      return;
    }
    boolean streaming = unboundedInput || options.as(StreamingOptions.class).isStreaming();
    if (!streaming) {
      LOG.warn("CassandraIO.write().withExactlyOnce(\"{}\") on the Flink runner in batch mode: Flink batch "
          + "restarts a failed job from its input with fresh state (new epochs), so upserts end up right but counters "
          + "and list appends written before the failure are applied again. Run in streaming mode with "
          + "checkpointing for exactly-once.", sinkId);
      return;
    }
    JsonNode set = setOptions(options);
    long interval = set.path("checkpointingInterval").asLong(-1);
    if (interval <= 0) {
      throw new IllegalArgumentException("CassandraIO.write().withExactlyOnce(\"" + sinkId + "\") on the Flink runner "
          + "in streaming mode needs checkpointing: set --checkpointingInterval=<milliseconds> "
          + "(FlinkPipelineOptions.setCheckpointingInterval). Without checkpoints the writer's stable input is never "
          + "released and a restart would replay batches.");
    }
    String mode = set.path("checkpointingMode").asText("EXACTLY_ONCE");
    if (!"EXACTLY_ONCE".equals(mode)) {
      throw new IllegalArgumentException("CassandraIO.write().withExactlyOnce(\"" + sinkId + "\") on the Flink runner "
          + "needs --checkpointingMode=EXACTLY_ONCE (FlinkPipelineOptions.setCheckpointingMode), was " + mode
          + ": in AT_LEAST_ONCE mode a restore can replay a micro-batch with a different content under the same id.");
    }
    if (!set.path("enableStableInputDrain").asBoolean(false)) {
      throw new IllegalArgumentException("CassandraIO.write().withExactlyOnce(\"" + sinkId + "\") on the Flink runner "
          + "in streaming mode needs --enableStableInputDrain=true (FlinkPipelineOptions.setEnableStableInputDrain). "
          + "Flink holds the writer's input until a checkpoint completes; when the input ends (a bounded source, a "
          + "source that finishes, stop with --drain) the micro-batches cut after the last checkpoint are still held, "
          + "and without this option Beam's Flink runner fails the job there ('There are still watermark holds left') "
          + "and Flink restarts it, which replays the input.");
    }
    if (set.path("numConcurrentCheckpoints").asInt(1) < 2 || set.path("minPauseBetweenCheckpoints").asLong(-1) <= 0) {
      LOG.warn("CassandraIO.write().withExactlyOnce(\"{}\") on Flink streaming: set --numConcurrentCheckpoints=2 and "
          + "--minPauseBetweenCheckpoints=100 (or more). With fewer stable-input buffers Beam's Flink runner releases "
          + "the writer's input one checkpoint early after a restore, and a second failure within that checkpoint "
          + "replays micro-batches with other contents (written again and reported as exactlyOnceChangedReplays: "
          + "counters over-count). A minimum pause keeps Flink at one checkpoint at a time.", sinkId);
    }
    if (!unboundedInput) {
      LOG.warn("CassandraIO.write().withExactlyOnce(\"{}\") reads a bounded input on Flink streaming. Beam's Flink runner "
          + "checkpoints a bounded source per split: after a failure it reads the split it was in from its start "
          + "again, and the elements read before the failure reach this sink a second time as new elements "
          + "(counters over-count). Exactly-once covers the sink's input; for end-to-end exactly-once read from a "
          + "source that checkpoints its position (an UnboundedSource such as KafkaIO's, or GenerateSequence.from(n) "
          + "without .to(...)).", sinkId);
    }
  }

  /** The options set explicitly (defaults are not in the JSON form), read without the Flink runner's classes. */
  private static JsonNode setOptions(PipelineOptions options) {
    try {
      @Nullable JsonNode node = JSON.readTree(JSON.writeValueAsString(options)).get("options");
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the pipeline options", e);
    }
  }
}
