package io.cassandraio.it.support;

import io.cassandraio.CassandraIOMetrics;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** CassandraIO's Beam metrics of a finished pipeline. */
public final class WriterMetrics {
  private WriterMetrics() {}

  /**
   * Sum over all steps of the committed value of CassandraIO counter {@code name}
   * ({@link CassandraIOMetrics}).
   *
   * <p>Committed, not attempted: the DirectRunner commits a bundle's logical metrics before it
   * reports the bundle done, but folds the last physical ("attempted") update of a bundle in
   * only after that, in a {@code finally}. Counters a DoFn bumps in {@code @FinishBundle} (where
   * this writer publishes once its requests complete) can therefore still be missing from the
   * attempted values when {@code waitUntilFinish()} returns; seen as rowsWritten = 0.
   */
  public static long committed(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> r : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(CassandraIOMetrics.NAMESPACE, name)).build()).getCounters()) {
      sum += r.getCommitted();
    }
    return sum;
  }
}
