package io.cassandraio.bench;

import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.bench.workload.ReadChecksum;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;

/**
 * {@code ours-read}: our {@code CassandraIO.read()} of the plain scan's columns of {@code bench.events}
 * as Beam Rows on the DirectRunner, with its default splits (what a user gets; forcing the plain
 * scan's 128 on a table this small makes requests of a few hundred rows), counting rows and their
 * checksum. Timed around {@code pipeline.run().waitUntilFinish()}, as our write contenders are.
 */
public final class OursReadContender implements ReadContender {
  public static final String NAME = "ours-read";
  private static final String NAMESPACE = "bench";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Counts rows and their checksum as the plain scan does (columns by position), summed per bundle
   * and added to Beam counters once per bundle: a counter update per row would measure the
   * runner's metrics, not the read.
   */
  static final class CountFn extends DoFn<Row, Void> {
    private final Counter rows = Metrics.counter(NAMESPACE, "rows");
    private final Counter checksum = Metrics.counter(NAMESPACE, "checksum");
    private transient long bundleRows;
    private transient long bundleChecksum;

    @StartBundle
    public void startBundle() {
      bundleRows = 0;
      bundleChecksum = 0;
    }

    @ProcessElement
    public void process(@Element Row row) {
      bundleRows++;
      bundleChecksum += ReadChecksum.of(row.getString(0), row.getInt64(1), row.getDouble(2), row.getString(3));
    }

    @FinishBundle
    public void finishBundle() {
      rows.inc(bundleRows);
      checksum.inc(bundleChecksum);
    }
  }

  @Override
  public Outcome read(BenchTarget target) {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("Read", CassandraIO.read()
            .withConnection(target.connection())
            .withTable(BenchTarget.KEYSPACE + "." + BenchTarget.TABLE)
            .withColumns("sensor_id", "ts", "value", "payload") // the plain scan's SELECT, in its order
            .withConsistencyLevel(target.consistency()))
        .apply("Count", ParDo.of(new CountFn()));
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(NAME + " ended in state " + state);
    }
    long rowsRead = PipelineCounters.committed(result, CassandraIOMetrics.NAMESPACE, CassandraIOMetrics.ROWS_READ);
    long rows = PipelineCounters.committed(result, NAMESPACE, "rows");
    if (rowsRead != rows) {
      throw new IllegalStateException(NAME + ": metric " + CassandraIOMetrics.ROWS_READ + " says " + rowsRead
          + " rows, the pipeline counted " + rows);
    }
    return new Outcome(rows, PipelineCounters.committed(result, NAMESPACE, "checksum"), seconds);
  }
}
