package io.cassandraio.bench;

import io.cassandraio.bench.report.LineChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes {@code benchmarks.md} with its charts ({@code bench-run-X.png}) from the results. */
final class BenchReport {
  private BenchReport() {}

  static void write(BenchPlan plan, BenchResults results, Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark: CassandraIO.write against plain driver writes and Beam's own CassandraIO\n\n");
    md.append(String.format(Locale.ROOT, "Plan `%s`, measured %s on %s (%d cores, %s, %s %s). ", plan.name(),
        ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), hostDescription(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
        System.getProperty("java.vm.name"), System.getProperty("java.version")));
    md.append("Apache Cassandra 5.0.9 nodes started locally on the same machine as the client; "
        + "Beam 2.62.0 (DirectRunner, FlinkRunner 1.19 local), DataStax driver 4.17.0 (Beam's own "
        + "CassandraIO: driver 3.10.2, in its own JVM).\n\n");
    md.append("Every number is the median of ").append(plan.repetitions()).append(" repetitions, run in "
        + "alternating order; the table is truncated before each contender and every contender's rows "
        + "are counted and sampled afterwards (`rows verified`). Ratios divide by `driver-async` at the "
        + "same locality in the same run.\n\n");
    md.append("Reproduce: `scripts/bench --full` (everything, about 25 minutes here) or `scripts/bench --quick` "
        + "(run A, 50k rows, L in {0, 0.8}, every contender, about 3 minutes here). Raw results: "
        + "`benchmarks/harness/target/bench/results.json`. What the numbers mean, and the targets "
        + "not met: [benchmark-analysis.md](benchmark-analysis.md) (written by hand).\n\n");
    for (BenchResults.Run run : results.runs) {
      appendRun(md, run, dir);
    }
    if (!results.scaling.isEmpty()) {
      md.append("## Run C: scaling (L=0.5, one node)\n\n"
          + "| pipeline | rows | rows/s | peak live heap (MiB) | peak heap incl. garbage (MiB) |\n"
          + "|---|---:|---:|---:|---:|\n");
      for (BenchResults.Scaling s : results.scaling) {
        md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,.0f | %.0f | %.0f |%n", s.contender(), s.rows(), s.rowsPerS(),
            s.peakLiveHeapBytes() / 1048576.0, s.peakUsedHeapBytes() / 1048576.0));
      }
      md.append("\nThe harness JVM's heap (-Xmx2g), sampled every 50 ms: *live* is what survived the "
          + "collections during the run (what bounded in-flight work must keep flat); *incl. garbage* is "
          + "the peak of everything allocated, which mostly shows how much garbage G1 lets pile up "
          + "before it collects, and grows with the run's length. `direct-input-only` is the same "
          + "DirectRunner pipeline with the write replaced by a DoFn that drops every row: the memory "
          + "the runner itself holds.\n\n");
    }
    if (!results.census.isEmpty()) {
      md.append("### Who holds the memory\n\n"
          + "A second, untimed pass of `ours-auto` on the DirectRunner counts live instances every 2 s "
          + "(a class histogram, which forces a full collection) and keeps the peak of each: the "
          + "writer's pending statements against the elements the runner keeps between steps.\n\n"
          + "| pipeline | rows | writer: pending writes | writer: bound statements | runner: elements waiting |\n"
          + "|---|---:|---:|---:|---:|\n");
      for (BenchResults.Census c : results.census) {
        md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %,d | %,d |%n", c.contender(), c.rows(),
            c.pendingWrites(), c.boundStatements(), c.runnerElements()));
      }
      md.append('\n');
    }
    Files.writeString(dir.resolve("benchmarks.md"), md);
  }

  private static void appendRun(StringBuilder md, BenchResults.Run run, Path dir) throws IOException {
    Set<String> contenders = new LinkedHashSet<>();
    Set<Double> localities = new LinkedHashSet<>();
    run.results().forEach(r -> {
      contenders.add(r.contender());
      localities.add(r.locality());
    });
    md.append(String.format(Locale.ROOT, "## Run %s: %d node(s), RF=%d, %s, %,d rows per contender and locality%n%n",
        run.name(), run.nodes(), run.replicationFactor(), run.consistency(), run.rows()));
    String png = "bench-run-" + run.name().toLowerCase(Locale.ROOT) + ".png";
    md.append("![rows/s against locality, run ").append(run.name()).append("](").append(png).append(")\n\n");
    StringBuilder header = new StringBuilder("| contender |");
    StringBuilder rule = new StringBuilder("|---|");
    for (double l : localities) {
      header.append(String.format(Locale.ROOT, " L=%.1f rows/s | ratio |", l));
      rule.append("---:|---:|");
    }
    md.append(header).append('\n').append(rule).append('\n');
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (String c : contenders) {
      StringBuilder line = new StringBuilder("| `").append(c).append("` |");
      List<double[]> points = new ArrayList<>();
      for (double l : localities) {
        BenchResults.Result r = result(run, c, l);
        line.append(String.format(Locale.ROOT, " %,.0f | %.2f |", r.rowsPerS(), run.ratioVsDriverAsync(r)));
        points.add(new double[] {l, r.rowsPerS()});
      }
      md.append(line).append('\n');
      series.put(c, points);
    }
    md.append('\n');
    md.append("Targets: ");
    double first = localities.iterator().next();
    double last = new ArrayList<>(localities).get(localities.size() - 1);
    md.append(String.format(Locale.ROOT, "ours-auto/driver-async at L=%.1f: %.2f (target >= 1.0); ", first,
        run.ratio("ours-auto", DriverAsyncContender.NAME, first)));
    md.append(String.format(Locale.ROOT, "at L=%.1f: %.2f (target >= 2.0 on run A); ", last,
        run.ratio("ours-auto", DriverAsyncContender.NAME, last)));
    double worstVsBeam = localities.stream().mapToDouble(l -> run.ratio("ours-auto", "beam-cassandraio", l)).min().orElse(Double.NaN);
    double worstFlink = localities.stream().mapToDouble(l -> run.ratio("ours-auto-flink", "ours-auto", l)).min().orElse(Double.NaN);
    md.append(String.format(Locale.ROOT, "ours-auto/beam-cassandraio, worst locality: %.2f (target >= 3.0); "
        + "ours-auto-flink/ours-auto, worst locality: %.2f (target >= 0.8).%n%n", worstVsBeam, worstFlink));
    if (contenders.contains("ours-auto-exactly-once")) {
      md.append("Cost of exactly-once (`ours-auto-exactly-once` / `ours-auto`):");
      for (double l : localities) {
        md.append(String.format(Locale.ROOT, " L=%.1f: %.2f;", l, run.ratio("ours-auto-exactly-once", "ours-auto", l)));
      }
      md.setLength(md.length() - 1);
      md.append(".\n\n");
    }
    if (contenders.contains(FlinkClusterContender.NAME)) {
      md.append("The job jar on a Flink session cluster (`" + FlinkClusterContender.NAME + "`, 2 TaskManagers, "
          + "parallelism 4) against Flink local (`ours-auto-flink`) and the DirectRunner (`ours-auto`):");
      for (double l : localities) {
        md.append(String.format(Locale.ROOT, " L=%.1f: %.2f and %.2f;", l,
            run.ratio(FlinkClusterContender.NAME, "ours-auto-flink", l), run.ratio(FlinkClusterContender.NAME, "ours-auto", l)));
      }
      md.setLength(md.length() - 1);
      md.append(".\n\n");
    }
    appendCpu(md, run, contenders, localities);
    LineChart.render("Run " + run.name() + ": " + run.nodes() + " node(s), " + run.consistency() + ", "
        + String.format(Locale.ROOT, "%,d", run.rows()) + " rows", "locality L", "rows/s", series, dir.resolve(png));
  }

  /**
   * Where the CPU went: client and server share the machine's cores, so a contender's rows/s is
   * bounded by the CPU it needs per row. The ceiling row is the ratio ours-auto would reach if its
   * client cost nothing: driver-async's total CPU per row over ours-auto's server CPU per row.
   */
  private static void appendCpu(StringBuilder md, BenchResults.Run run, Set<String> contenders, Set<Double> localities) {
    md.append("CPU milliseconds per 1000 rows, client (the benchmark JVM) + server (all nodes); "
        + "Beam's CassandraIO runs in a JVM of its own, so its client column is not measured (-).\n\n");
    StringBuilder header = new StringBuilder("| contender |");
    StringBuilder rule = new StringBuilder("|---|");
    for (double l : localities) {
      header.append(String.format(Locale.ROOT, " L=%.1f client | server |", l));
      rule.append("---:|---:|");
    }
    md.append(header).append('\n').append(rule).append('\n');
    for (String c : contenders) {
      StringBuilder line = new StringBuilder("| `").append(c).append("` |");
      for (double l : localities) {
        BenchResults.Result r = result(run, c, l);
        String client = c.equals("beam-cassandraio") ? "-"
            : String.format(Locale.ROOT, "%.0f", r.clientCpuMsPer1kRows(run.rows()));
        line.append(String.format(Locale.ROOT, " %s | %.0f |", client, r.serverCpuMsPer1kRows(run.rows())));
      }
      md.append(line).append('\n');
    }
    if (!contenders.contains(DriverAsyncContender.NAME) || !contenders.contains("ours-auto")) {
      md.append('\n');
      return;
    }
    StringBuilder ceiling = new StringBuilder("| ceiling of ours-auto/driver-async with a free client |");
    for (double l : localities) {
      BenchResults.Result async = result(run, DriverAsyncContender.NAME, l);
      BenchResults.Result auto = result(run, "ours-auto", l);
      double asyncTotal = async.clientCpuMsPer1kRows(run.rows()) + async.serverCpuMsPer1kRows(run.rows());
      ceiling.append(String.format(Locale.ROOT, " %.2f | |", asyncTotal / auto.serverCpuMsPer1kRows(run.rows())));
    }
    md.append(ceiling).append("\n\n");
  }

  private static BenchResults.Result result(BenchResults.Run run, String contender, double locality) {
    return run.results().stream().filter(x -> x.contender().equals(contender) && x.locality() == locality)
        .findFirst().orElseThrow(() -> new IllegalStateException("no result for " + contender + " at L=" + locality));
  }

  private static String hostDescription() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this machine";
    }
  }
}
