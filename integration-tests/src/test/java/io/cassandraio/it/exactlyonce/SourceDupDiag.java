package io.cassandraio.it.exactlyonce;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Temporary diagnostic: does the paced source deliver an element twice across a restore? */
public final class SourceDupDiag {
  static final AtomicInteger DUPS = new AtomicInteger();
  static final AtomicInteger SEEN = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    int p = Integer.parseInt(args[0]);
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setParallelism(p);
    options.setStreaming(true);
    options.setCheckpointingInterval(200L);
    options.setCheckpointingMode("EXACTLY_ONCE");
    options.setShutdownSourcesAfterIdleMs(3000L);
    options.setNumberOfExecutionRetries(20);
    options.setExecutionRetryDelay(200L);
    Faults.register("diag", 30, 45);
    Pipeline pipe = Pipeline.create(options);
    pipe.apply(Read.from(new PacedSequence(0, 60, 2500L * p / 60, 0, false)))
        .apply(ParDo.of(new Faults.FailUpstream<>("diag")))
        .apply(WithKeys.of((Long x) -> x % 3).withKeyType(TypeDescriptors.longs()))
        .apply(ParDo.of(new Dedup()));
    pipe.run().waitUntilFinish();
    System.out.println("SourceDupDiag p=" + p + ": seen " + SEEN.get() + ", duplicates across the restore " + DUPS.get());
    System.exit(0);
  }

  static final class Dedup extends DoFn<KV<Long, Long>, Void> {
    @StateId("seen")
    private final StateSpec<SetState<Long>> seenSpec = StateSpecs.set(VarLongCoder.of());

    @ProcessElement
    public void process(@Element KV<Long, Long> e, @StateId("seen") SetState<Long> seen) {
      SEEN.incrementAndGet();
      if (seen.contains(e.getValue()).read()) {
        DUPS.incrementAndGet();
        System.out.println("SourceDupDiag duplicate: " + e.getValue());
      }
      seen.add(e.getValue());
    }
  }
}
