package io.cassandraio.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a benchmark measured, and its JSON form ({@code benchmarks/harness/target/bench/results.json}). */
final class BenchResults {
  /** One contender at one locality: every repetition and their median. */
  record Result(String contender, double locality, List<Double> samplesRowsPerS, long rowsVerified,
      List<CpuTimes> cpu) {
    double rowsPerS() {
      return median(samplesRowsPerS);
    }

    /**
     * Median CPU milliseconds per 1000 rows spent by the benchmark JVM (the client; not measured
     * for contenders that run in a JVM of their own, such as Beam's CassandraIO).
     */
    double clientCpuMsPer1kRows(long rows) {
      return median(cpu.stream().map(c -> c.clientSeconds() * 1e6 / rows).toList());
    }

    /** Median CPU milliseconds per 1000 rows spent by all Cassandra nodes together. */
    double serverCpuMsPer1kRows(long rows) {
      return median(cpu.stream().map(c -> c.serverSeconds() * 1e6 / rows).toList());
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** One run (A, B): a cluster, a row count, every contender at every locality. */
  record Run(String name, int nodes, int replicationFactor, String consistency, long rows, List<Result> results) {
    double ratioVsDriverAsync(Result r) {
      return results.stream()
          .filter(x -> x.contender().equals(DriverAsyncContender.NAME) && x.locality() == r.locality())
          .findFirst().map(x -> r.rowsPerS() / x.rowsPerS()).orElse(Double.NaN);
    }

    double ratio(String contender, String versus, double locality) {
      return find(contender, locality) / find(versus, locality);
    }

    double find(String contender, double locality) {
      return results.stream().filter(x -> x.contender().equals(contender) && x.locality() == locality)
          .findFirst().map(Result::rowsPerS).orElse(Double.NaN);
    }
  }

  /** Run C: one contender at growing row counts. */
  record Scaling(String contender, double locality, long rows, double rowsPerS, long peakLiveHeapBytes,
      long peakUsedHeapBytes) {}

  /** Run C's untimed pass: peak live instances held by the writer and by the runner. */
  record Census(String contender, long rows, long pendingWrites, long boundStatements, long runnerElements) {}

  final List<Run> runs = new ArrayList<>();
  final List<Scaling> scaling = new ArrayList<>();
  final List<Census> census = new ArrayList<>();

  String toJson() {
    StringBuilder b = new StringBuilder("{\n  \"runs\": [");
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      b.append(i == 0 ? "\n" : ",\n")
          .append(String.format(Locale.ROOT, "    {\"run\": \"%s\", \"nodes\": %d, \"replication_factor\": %d, "
              + "\"consistency\": \"%s\", \"rows\": %d, \"results\": [", run.name(), run.nodes(),
              run.replicationFactor(), run.consistency(), run.rows()));
      for (int j = 0; j < run.results().size(); j++) {
        Result r = run.results().get(j);
        b.append(j == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
            "      {\"contender\": \"%s\", \"locality\": %.1f, \"rows_per_s\": %.0f, "
                + "\"ratio_vs_driver_async\": %.3f, \"rows_verified\": %d, "
                + "\"client_cpu_ms_per_1k_rows\": %.1f, \"server_cpu_ms_per_1k_rows\": %.1f, \"samples_rows_per_s\": %s}",
            r.contender(), r.locality(), r.rowsPerS(), run.ratioVsDriverAsync(r), r.rowsVerified(),
            r.clientCpuMsPer1kRows(run.rows()), r.serverCpuMsPer1kRows(run.rows()),
            r.samplesRowsPerS().stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList()));
      }
      b.append("\n    ]}");
    }
    b.append("\n  ],\n  \"scaling\": [");
    for (int i = 0; i < scaling.size(); i++) {
      Scaling s = scaling.get(i);
      b.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    {\"contender\": \"%s\", \"locality\": %.1f, \"rows\": %d, \"rows_per_s\": %.0f, "
              + "\"peak_live_heap_mb\": %.1f, \"peak_heap_incl_garbage_mb\": %.1f}",
          s.contender(), s.locality(), s.rows(), s.rowsPerS(), s.peakLiveHeapBytes() / 1048576.0,
          s.peakUsedHeapBytes() / 1048576.0));
    }
    b.append("\n  ],\n  \"census\": [");
    for (int i = 0; i < census.size(); i++) {
      Census c = census.get(i);
      b.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    {\"contender\": \"%s\", \"rows\": %d, \"peak_pending_writes\": %d, "
              + "\"peak_bound_statements\": %d, \"peak_runner_elements\": %d}",
          c.contender(), c.rows(), c.pendingWrites(), c.boundStatements(), c.runnerElements()));
    }
    return b.append("\n  ]\n}\n").toString();
  }
}
