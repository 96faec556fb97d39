package io.cassandraio.bench.beam;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cassandraio.bench.workload.ReadChecksum;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.cassandra.CassandraIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code beam-read} benchmark contender: Beam's own {@code CassandraIO.read()} 2.62.0
 * (DataStax driver 3, the {@link EventEntity} mapper) on the DirectRunner, reading every row of
 * {@code bench.events} and counting rows and their {@link ReadChecksum} with Beam counters. It
 * times {@code pipeline.run().waitUntilFinish()} only.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/beam-cassandraio/target/bench-beam-cassandraio-0.1.0-SNAPSHOT.jar:$(cat benchmarks/beam-cassandraio/target/runtime.classpath) \
 *     io.cassandraio.bench.beam.BeamCassandraIOReadContender \
 *     --contactPoint 127.0.0.1 --port 9042 --localDc datacenter1 --consistency ONE --minSplits 128
 * </pre>
 *
 * <p>Output: exactly one line on stdout, {@code {"rows": N, "checksum": C, "seconds": X}}. Exit
 * status: 0 on success, 1 when the pipeline fails, 2 on bad arguments.
 */
public final class BeamCassandraIOReadContender {
  private static final String NAMESPACE = "bench";

  private BeamCassandraIOReadContender() {}

  @Command(name = "BeamCassandraIOReadContender", mixinStandardHelpOptions = true,
      description = "Reads bench.events with Beam's own CassandraIO (driver 3), counting rows and their checksum.")
  static final class Args {
    @Option(names = "--contactPoint", split = ",", defaultValue = "127.0.0.1",
        description = "Contact point(s), comma-separated or repeated.")
    List<String> contactPoints;

    @Option(names = "--port", defaultValue = "9042") int port;

    @Option(names = "--localDc", defaultValue = "datacenter1") String localDc;

    @Option(names = "--consistency", defaultValue = "ONE") String consistency;

    @Option(names = "--minSplits", defaultValue = "128",
        description = "CassandraIO.Read#withMinNumberOfSplits (default: ${DEFAULT-VALUE}).")
    int minSplits;
  }

  /** One row: counted, and its hash added to the checksum. */
  static final class CountFn extends DoFn<EventEntity, Void> {
    private final Counter rows = Metrics.counter(NAMESPACE, "rows");
    private final Counter checksum = Metrics.counter(NAMESPACE, "checksum");

    @ProcessElement
    public void process(@Element EventEntity e) {
      rows.inc();
      checksum.inc(ReadChecksum.of(e.getSensorId(), e.getTs(), e.getValue(), e.getPayload()));
    }
  }

  public static void main(String[] argv) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    PrintStream stdout = System.out;
    System.setOut(System.err); // stdout carries exactly one JSON line
    Args args = new Args();
    try {
      new CommandLine(args).parseArgs(argv);
    } catch (ParameterException e) {
      System.err.println("beam-read: " + e.getMessage());
      e.getCommandLine().usage(System.err);
      System.exit(2);
      return;
    }
    int status;
    try {
      DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
      options.setRunner(DirectRunner.class);
      options.setEnforceImmutability(false);
      options.setEnforceEncodability(false);
      Pipeline pipeline = Pipeline.create(options);
      pipeline
          .apply("Read", CassandraIO.<EventEntity>read()
              .withHosts(args.contactPoints)
              .withPort(args.port)
              .withLocalDc(args.localDc)
              .withKeyspace("bench")
              .withTable("events")
              .withConsistencyLevel(args.consistency)
              .withMinNumberOfSplits(args.minSplits)
              .withEntity(EventEntity.class)
              .withCoder(EventEntityCoder.of()))
          .apply("Count", ParDo.of(new CountFn()));
      long start = System.nanoTime();
      PipelineResult result = pipeline.run();
      PipelineResult.State state = result.waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("pipeline ended in state " + state);
      }
      stdout.println(new ObjectMapper().writeValueAsString(new ObjectMapper().createObjectNode()
          .put("rows", counter(result, "rows")).put("checksum", counter(result, "checksum"))
          .put("seconds", Math.round(seconds * 1000) / 1000.0)));
      stdout.flush();
      status = 0;
    } catch (Throwable t) {
      System.err.println("beam-read: failed");
      t.printStackTrace(System.err);
      status = 1;
    }
    System.exit(status); // the DirectRunner and driver 3 may leave non-daemon threads behind
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> r : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(NAMESPACE, name)).build()).getCounters()) {
      sum += r.getCommitted();
    }
    return sum;
  }
}
