package io.cassandraio.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** What a benchmark measured, and its JSON form ({@code benchmarks/harness/target/bench/results.json}). */
final class BenchResults {
  // Exact decimals: a ratio stays 1.000 and a locality 0.0 instead of being stripped to 1 and 0.
  static final ObjectMapper JSON = new ObjectMapper()
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(SerializationFeature.INDENT_OUTPUT);

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

  /** {@code --read}: one contender's read rates. */
  record ReadResult(String contender, List<Double> samplesRowsPerS) {
    double rowsPerS() {
      return median(samplesRowsPerS);
    }
  }

  /** {@code --read}: one cluster shape, every read contender on the same table. */
  record ReadRun(String name, int nodes, int replicationFactor, String consistency, long rows,
      List<ReadResult> results) {
    double ratioVsPlainScan(ReadResult r) {
      return results.stream().filter(x -> x.contender().equals(PlainScanContender.NAME)).findFirst()
          .map(x -> r.rowsPerS() / x.rowsPerS()).orElse(Double.NaN);
    }
  }

  final List<Run> runs = new ArrayList<>();
  final List<ReadRun> reads = new ArrayList<>();
  final List<Scaling> scaling = new ArrayList<>();
  final List<Census> census = new ArrayList<>();

  /** The JSON form: medians, ratios and CPU per 1000 rows rounded as printed (1 decimal, 3 for ratios). */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode runsJson = root.putArray("runs");
    for (Run run : runs) {
      ArrayNode resultsJson = runsJson.addObject().put("run", run.name()).put("nodes", run.nodes())
          .put("replication_factor", run.replicationFactor()).put("consistency", run.consistency())
          .put("rows", run.rows()).putArray("results");
      for (Result r : run.results()) {
        ArrayNode samples = resultsJson.addObject().put("contender", r.contender())
            .put("locality", round(r.locality(), 1)).put("rows_per_s", round(r.rowsPerS(), 0))
            .put("ratio_vs_driver_async", round(run.ratioVsDriverAsync(r), 3)).put("rows_verified", r.rowsVerified())
            .put("client_cpu_ms_per_1k_rows", round(r.clientCpuMsPer1kRows(run.rows()), 1))
            .put("server_cpu_ms_per_1k_rows", round(r.serverCpuMsPer1kRows(run.rows()), 1))
            .putArray("samples_rows_per_s");
        r.samplesRowsPerS().forEach(x -> samples.add(round(x, 0)));
      }
    }
    if (!reads.isEmpty()) {
      ArrayNode readsJson = root.putArray("reads");
      for (ReadRun run : reads) {
        ArrayNode resultsJson = readsJson.addObject().put("run", run.name()).put("nodes", run.nodes())
            .put("replication_factor", run.replicationFactor()).put("consistency", run.consistency())
            .put("rows", run.rows()).putArray("results");
        for (ReadResult r : run.results()) {
          ArrayNode samples = resultsJson.addObject().put("contender", r.contender())
              .put("rows_per_s", round(r.rowsPerS(), 0)).put("ratio_vs_plain_scan", round(run.ratioVsPlainScan(r), 3))
              .putArray("samples_rows_per_s");
          r.samplesRowsPerS().forEach(x -> samples.add(round(x, 0)));
        }
      }
    }
    ArrayNode scalingJson = root.putArray("scaling");
    for (Scaling s : scaling) {
      scalingJson.addObject().put("contender", s.contender()).put("locality", round(s.locality(), 1))
          .put("rows", s.rows()).put("rows_per_s", round(s.rowsPerS(), 0))
          .put("peak_live_heap_mb", round(s.peakLiveHeapBytes() / 1048576.0, 1))
          .put("peak_heap_incl_garbage_mb", round(s.peakUsedHeapBytes() / 1048576.0, 1));
    }
    ArrayNode censusJson = root.putArray("census");
    for (Census c : census) {
      censusJson.addObject().put("contender", c.contender()).put("rows", c.rows())
          .put("peak_pending_writes", c.pendingWrites()).put("peak_bound_statements", c.boundStatements())
          .put("peak_runner_elements", c.runnerElements());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the results as JSON", e);
    }
  }

  /** {@code v} rounded half up as {@code %.Nf} prints it; null (JSON null) when not finite. */
  private static BigDecimal round(double v, int decimals) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP) : null;
  }
}
