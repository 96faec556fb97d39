package io.cassandraio.bench;

import io.cassandraio.bench.workload.LocalityWorkload;

/** One way of writing the workload, timed by the harness. */
public interface Contender {
  /** The name used in the output (see docs/benchmarks.md). */
  String name();

  /** Writes every row of {@code workload} to {@code target}; returns the seconds it took. */
  double write(BenchTarget target, LocalityWorkload workload) throws Exception;
}
