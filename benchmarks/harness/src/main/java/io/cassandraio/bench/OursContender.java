package io.cassandraio.bench;

import io.cassandraio.Grouping;
import io.cassandraio.bench.job.BenchWrite;
import io.cassandraio.bench.workload.LocalityWorkload;
import java.util.Locale;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Our {@code CassandraIO.write} with one grouping mode, on the DirectRunner or the FlinkRunner in
 * local mode: {@link BenchWrite}'s pipeline, the one the cluster contender submits as a job jar.
 */
public final class OursContender implements Contender {
  private final Grouping grouping;
  private final boolean flink;
  private final boolean write;
  private final boolean exactlyOnce;

  public OursContender(Grouping grouping, boolean flink) {
    this(grouping, flink, true, false);
  }

  private OursContender(Grouping grouping, boolean flink, boolean write, boolean exactlyOnce) {
    this.grouping = grouping;
    this.flink = flink;
    this.write = write;
    this.exactlyOnce = exactlyOnce;
  }

  /** {@code ours-auto} with exactly-once on (DirectRunner): what the replay protection costs. */
  public static OursContender exactlyOnce() {
    return new OursContender(Grouping.AUTO, false, true, true);
  }

  /**
   * The same pipeline with the write replaced by a DoFn that drops every row: what the runner
   * itself costs in time and memory (run C compares against it).
   */
  public static OursContender inputOnly() {
    return new OursContender(Grouping.NONE, false, false, false);
  }

  @Override
  public String toString() {
    return name();
  }

  /** False for {@link #inputOnly()}, which writes nothing. */
  public boolean writes() {
    return write;
  }

  @Override
  public String name() {
    return write ? "ours-" + grouping.name().toLowerCase(Locale.ROOT).replace('_', '-') + (flink ? "-flink" : "")
        + (exactlyOnce ? "-exactly-once" : "") : "direct-input-only";
  }

  @Override
  public double write(BenchTarget target, LocalityWorkload workload) {
    Pipeline pipeline = Pipeline.create(options());
    if (write) {
      BenchWrite.write(pipeline, workload, target.connection(), target.consistency(), grouping, exactlyOnce);
    } else {
      BenchWrite.dropAll(pipeline, workload);
    }
    long start = System.nanoTime();
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(name() + " ended in state " + state);
    }
    return seconds;
  }

  private PipelineOptions options() {
    if (flink) {
      FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
      options.setRunner(FlinkRunner.class);
      options.setFlinkMaster("[local]");
      options.setParallelism(Integer.getInteger("bench.flink.parallelism", 2));
      // Chained operators hand elements over without a coder round trip, as production jobs set.
      options.setObjectReuse(Boolean.parseBoolean(System.getProperty("bench.flink.objectReuse", "true")));
      return options;
    }
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    // The DirectRunner's own checks re-encode every element; off, as in production runners.
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    return options;
  }
}
