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
        + "`integration-tests/target/bench/results.json`. What the numbers mean, and the targets "
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
        BenchResults.Result r = run.results().stream()
            .filter(x -> x.contender().equals(c) && x.locality() == l).findFirst().orElseThrow();
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
    LineChart.render("Run " + run.name() + ": " + run.nodes() + " node(s), " + run.consistency() + ", "
        + String.format(Locale.ROOT, "%,d", run.rows()) + " rows", "locality L", "rows/s", series, dir.resolve(png));
  }

  private static String hostDescription() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this machine";
    }
  }
}
