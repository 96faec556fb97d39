package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.Grouping;
import io.cassandraio.bench.workload.LocalityWorkload;
import io.cassandraio.bench.workload.ReadChecksum;
import io.cassandraio.local.LocalCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code scripts/bench --read}: for each cluster shape of the plan, one table of the plan's rows
 * (loaded once by ours-auto, counted by the driver), then every read contender side by side, in
 * alternating order, each read checked against the workload (row count and checksum).
 */
final class ReadBench {
  private ReadBench() {}

  static List<BenchResults.ReadRun> run(ReadPlan plan, Path clusterDir, List<ReadContender> contenders,
      String baseAddress) throws Exception {
    List<BenchResults.ReadRun> runs = new ArrayList<>();
    for (ReadPlan.Shape shape : plan.shapes()) {
      try (LocalCluster cluster = BenchMain.start(shape.nodes(), baseAddress, clusterDir.resolve("read-" + shape.name()));
          CqlSession admin = BenchMain.session(cluster)) {
        BenchTarget target = BenchMain.target(cluster, shape.consistency(), admin);
        target.createSchema(shape.nodes());
        runs.add(measure(plan, shape, target, BenchMain.serverPids(cluster), contenders));
      }
    }
    return runs;
  }

  private static BenchResults.ReadRun measure(ReadPlan plan, ReadPlan.Shape shape, BenchTarget target,
      List<Long> serverPids, List<ReadContender> contenders) throws Exception {
    LocalityWorkload workload = new LocalityWorkload(plan.rows(), ReadPlan.LOAD_LOCALITY, BenchPlan.SEED);
    System.out.printf("== Read %s: %d node(s), RF %d, CL %s, %d rows, %d repetitions%n", shape.name(),
        shape.nodes(), shape.nodes(), shape.consistency(), plan.rows(), plan.repetitions());
    long loadStart = System.nanoTime();
    new OursContender(Grouping.AUTO, false).write(target, workload);
    long stored = Verifier.count(target);
    if (stored != plan.rows()) {
      throw new IllegalStateException("the load stored " + stored + " rows, expected " + plan.rows());
    }
    long checksum = ReadChecksum.of(workload);
    System.out.printf("  loaded and counted %d rows in %.1f s%n", stored, (System.nanoTime() - loadStart) / 1e9);

    for (ReadContender c : contenders) { // untimed, so that JIT warm-up is not measured
      if (!(c instanceof BeamReadContender)) {
        check(c, c.read(target), plan.rows(), checksum);
      }
    }
    List<List<Double>> samples = new ArrayList<>();
    contenders.forEach(c -> samples.add(new ArrayList<>()));
    for (int rep = 0; rep < plan.repetitions(); rep++) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < contenders.size(); i++) {
        order.add(i);
      }
      if (rep % 2 == 1) {
        Collections.reverse(order); // no contender always first or last
      }
      for (int i : order) {
        ReadContender c = contenders.get(i);
        CpuTimes before = CpuTimes.now(serverPids);
        ReadContender.Outcome outcome = c.read(target);
        CpuTimes used = CpuTimes.now(serverPids).minus(before);
        check(c, outcome, plan.rows(), checksum);
        double rowsPerS = outcome.rows() / outcome.seconds();
        samples.get(i).add(rowsPerS);
        // beam-read reads in a JVM of its own: the client CPU of this one does not count it.
        System.out.printf("  rep %d  %-12s %9.0f rows/s  (%.1f s, %d rows, checksum ok; CPU s: client %s, server %.1f)%n",
            rep + 1, c.name(), rowsPerS, outcome.seconds(), outcome.rows(),
            c instanceof BeamReadContender ? "n/a" : String.format("%.1f", used.clientSeconds()), used.serverSeconds());
      }
    }
    List<BenchResults.ReadResult> results = new ArrayList<>();
    for (int i = 0; i < contenders.size(); i++) {
      results.add(new BenchResults.ReadResult(contenders.get(i).name(), samples.get(i)));
    }
    BenchResults.ReadRun run = new BenchResults.ReadRun(shape.name(), shape.nodes(), shape.nodes(),
        shape.consistency(), plan.rows(), results);
    for (BenchResults.ReadResult r : results) {
      System.out.printf("  %-12s median %9.0f rows/s  %5.2fx plain-scan%n", r.contender(), r.rowsPerS(),
          run.ratioVsPlainScan(r));
    }
    return run;
  }

  /** Every row exactly once: the count and the checksum of the workload. */
  static void check(ReadContender c, ReadContender.Outcome outcome, long rows, long checksum) {
    if (outcome.rows() != rows || outcome.checksum() != checksum) {
      throw new IllegalStateException(c.name() + " read " + outcome.rows() + " rows with checksum "
          + outcome.checksum() + ", expected " + rows + " rows with checksum " + checksum);
    }
  }
}
