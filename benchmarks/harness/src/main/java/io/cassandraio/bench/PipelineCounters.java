package io.cassandraio.bench;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** A finished pipeline's Beam counters, as the contenders read them. */
final class PipelineCounters {
  private PipelineCounters() {}

  /** The committed value of counter {@code namespace:name}, summed over the steps that report it. */
  static long committed(PipelineResult result, String namespace, String name) {
    long sum = 0;
    for (MetricResult<Long> r : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(namespace, name)).build()).getCounters()) {
      sum += r.getCommitted();
    }
    return sum;
  }
}
