package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.cassandraio.Grouping;
import io.cassandraio.bench.BenchPlan.RunPlan;
import io.cassandraio.bench.workload.LocalityWorkload;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import io.cassandraio.local.LocalNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark: every contender, side by side in one run, against real local Cassandra nodes.
 * Contenders run in alternating order, each at least twice (the median counts), the table is
 * truncated before each and every result is verified. Usage (see scripts/bench):
 * {@code BenchMain [--quick | --full | --scaling | --smoke | --read | --soak] [--out DIR] [--docs DIR]
 * [--read-rows N] [--soak-minutes M] [--base-address A]}.
 */
@Command(name = "BenchMain", sortOptions = false,
    description = "Every contender side by side against real local Cassandra nodes. Run it with scripts/bench.")
public final class BenchMain implements Callable<Integer> {
  // What run C's census counts: the writer's pending statements and the runner's buffered elements.
  private static final String PENDING_WRITE = "io.cassandraio.internal.grouping.PendingWrite";
  private static final String BOUND_STATEMENT = "com.datastax.oss.driver.internal.core.cql.DefaultBoundStatement";
  private static final String RUNNER_ELEMENT = "org.apache.beam.sdk.util.WindowedValue$ValueInGlobalWindow";

  /** What to measure: one of the plans, {@code --quick} when none is given. */
  static final class Mode {
    @Option(names = "--quick", required = true, description = "run A only: 50k rows, L in {0, 0.8} (the default)")
    boolean quick;

    @Option(names = "--full", required = true, description = "runs A, B and C")
    boolean full;

    @Option(names = "--scaling", required = true, description = "run C only")
    boolean scaling;

    @Option(names = "--smoke", required = true, description = "a few hundred rows through runs A and C")
    boolean smoke;

    @Option(names = "--read", required = true,
        description = "every read contender on the same table (--read-rows, default 1M), 1 node and 3; not a write")
    boolean read;

    @Option(names = "--soak", required = true,
        description = "writes at full speed to 3 nodes while they are killed and restarted in rotation, "
            + "then verifies the rows (--soak-minutes, default ${DEFAULT-VALUE:-10}); not a comparison")
    boolean soak;

    BenchPlan plan() {
      return full ? BenchPlan.full() : scaling ? BenchPlan.scalingOnly() : smoke ? BenchPlan.smoke() : BenchPlan.quick();
    }
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Mode mode;

  @Option(names = "--out", paramLabel = "DIR",
      description = "where results.json, benchmarks.md and the charts go (default: ${DEFAULT-VALUE})")
  Path out = Path.of("benchmarks", "harness", "target", "bench");

  @Option(names = "--docs", paramLabel = "DIR", description = "also write benchmarks.md and the charts here")
  Path docs;

  @Option(names = "--read-rows", paramLabel = "ROWS",
      description = "rows of the table --read reads (default: ${DEFAULT-VALUE})")
  long readRows = 1_000_000;

  @Option(names = "--soak-minutes", paramLabel = "MINUTES",
      description = "how long --soak writes (default: ${DEFAULT-VALUE})")
  double soakMinutes = 10;

  @Option(names = "--soak-round-rows", paramLabel = "ROWS",
      description = "rows of each of --soak's pipelines, one after the other (default: ${DEFAULT-VALUE})")
  long soakRoundRows = 100_000;

  @Option(names = "--base-address", paramLabel = "ADDRESS",
      description = "loopback address of the clusters' first node (default: ${DEFAULT-VALUE})")
  String baseAddress = ClusterSpec.DEFAULT_BASE_ADDRESS;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  BenchPlan plan() {
    return mode == null ? BenchPlan.quick() : mode.plan();
  }

  boolean soak() {
    return mode != null && mode.soak;
  }

  boolean read() {
    return mode != null && mode.read;
  }

  @Override
  public Integer call() throws Exception {
    if (soak()) {
      new SoakRun(soakMinutes, baseAddress, out.resolve("soak-cluster"), soakRoundRows).run(out);
      return 0;
    }
    String beamClasspath = System.getProperty(BeamCassandraIOContender.CLASSPATH_PROPERTY);
    if (beamClasspath == null) {
      throw new IllegalStateException("-D" + BeamCassandraIOContender.CLASSPATH_PROPERTY
          + " is not set: run the benchmark with scripts/bench, which builds benchmarks/beam-cassandraio");
    }
    if (read()) {
      BenchResults results = new BenchResults();
      results.reads.addAll(ReadBench.run(ReadPlan.read(readRows), out.resolve("cluster"),
          readContenders(beamClasspath), baseAddress));
      Files.createDirectories(out);
      Files.writeString(out.resolve("read-results.json"), results.toJson());
      System.out.println("Results: " + out.resolve("read-results.json").toAbsolutePath());
      return 0;
    }
    BenchPlan plan = plan();
    List<Contender> contenders = contenders(beamClasspath);
    BenchResults results;
    try {
      results = run(plan, out.resolve("cluster"), contenders, baseAddress);
    } finally {
      for (Contender c : contenders) {
        if (c instanceof AutoCloseable closeable) {
          closeable.close(); // e.g. the Flink cluster of ours-auto-flink-cluster
        }
      }
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.json"), results.toJson());
    BenchReport.write(plan, results, out);
    if (docs != null) {
      BenchReport.write(plan, results, docs);
    }
    System.out.println("Results: " + out.resolve("results.json").toAbsolutePath());
    return 0;
  }

  static BenchResults run(BenchPlan plan, Path clusterDir, List<Contender> contenders) throws Exception {
    return run(plan, clusterDir, contenders, ClusterSpec.DEFAULT_BASE_ADDRESS);
  }

  /** {@code baseAddress}: where the runs' clusters go (tests keep off 127.0.0.1). */
  static BenchResults run(BenchPlan plan, Path clusterDir, List<Contender> contenders, String baseAddress)
      throws Exception {
    BenchResults results = new BenchResults();
    for (RunPlan runPlan : plan.runs()) {
      try (LocalCluster cluster = start(runPlan.nodes(), baseAddress, clusterDir.resolve("run-" + runPlan.name()));
          CqlSession admin = session(cluster)) {
        BenchTarget target = target(cluster, runPlan.consistency(), admin);
        target.createSchema(runPlan.nodes());
        results.runs.add(measure(runPlan, target, serverPids(cluster), contenders, plan.repetitions()));
      }
    }
    if (!plan.scalingRows().isEmpty()) {
      try (LocalCluster cluster = start(1, baseAddress, clusterDir.resolve("run-C"));
          CqlSession admin = session(cluster)) {
        BenchTarget target = target(cluster, "ONE", admin);
        target.createSchema(1);
        scaling(plan, target, results);
      }
    }
    return results;
  }

  /**
   * Every contender; Beam's CassandraIO only with the classpath of its module (null: left out), the
   * Flink cluster contender only with {@code -Dbench.flink.jobJar}.
   */
  static List<Contender> contenders(String beamClasspath) {
    List<Contender> contenders = new ArrayList<>(List.of(
        new DriverAsyncContender(),
        new DriverBatchMixedContender(),
        new OursContender(Grouping.NONE, false),
        new OursContender(Grouping.PARTITION, false),
        new OursContender(Grouping.REPLICA_SET, false),
        new OursContender(Grouping.AUTO, false),
        new OursContender(Grouping.AUTO, true),
        OursContender.exactlyOnce()));
    if (beamClasspath != null) {
      contenders.add(new BeamCassandraIOContender(beamClasspath));
    }
    // The job jar on a Flink cluster of real processes: only with the jar scripts/bench builds.
    String jobJar = System.getProperty(FlinkClusterContender.JOB_JAR_PROPERTY);
    if (jobJar != null) {
      contenders.add(new FlinkClusterContender(Path.of(jobJar), Path.of("benchmarks", "harness", "target", "bench-flink-cluster")));
    }
    // -Dbench.only=name,name: a subset, for profiling one contender against another.
    String only = System.getProperty("bench.only");
    if (only != null) {
      List<String> names = List.of(only.split(","));
      contenders.removeIf(c -> !names.contains(c.name()));
    }
    return contenders;
  }

  /**
   * Every read contender: the plain driver-4 scan (the reference of the ratios) first, ours, Beam's
   * CassandraIO only with the classpath of its module (null: left out). {@code -Dbench.only} as
   * for the writers.
   */
  static List<ReadContender> readContenders(String beamClasspath) {
    List<ReadContender> contenders = new ArrayList<>(List.of(new PlainScanContender(), new OursReadContender()));
    if (beamClasspath != null) {
      contenders.add(new BeamReadContender(beamClasspath));
    }
    String only = System.getProperty("bench.only");
    if (only != null) {
      List<String> names = List.of(only.split(","));
      contenders.removeIf(c -> !names.contains(c.name()));
    }
    return contenders;
  }

  private static BenchResults.Run measure(RunPlan runPlan, BenchTarget target, List<Long> serverPids,
      List<Contender> contenders, int reps) throws Exception {
    System.out.printf("== Run %s: %d node(s), CL %s, %d rows, localities %s, %d repetitions%n",
        runPlan.name(), runPlan.nodes(), runPlan.consistency(), runPlan.rows(), runPlan.localities(), reps);
    warmUp(target, contenders);
    List<BenchResults.Result> results = new ArrayList<>();
    for (double locality : runPlan.localities()) {
      LocalityWorkload workload = new LocalityWorkload(runPlan.rows(), locality, BenchPlan.SEED);
      List<List<Double>> samples = new ArrayList<>();
      List<List<CpuTimes>> cpu = new ArrayList<>();
      contenders.forEach(c -> {
        samples.add(new ArrayList<>());
        cpu.add(new ArrayList<>());
      });
      long[] verified = new long[contenders.size()];
      for (int rep = 0; rep < reps; rep++) {
        // Alternate the order, so that no contender always runs first or last.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < contenders.size(); i++) {
          order.add(i);
        }
        if (rep % 2 == 1) {
          Collections.reverse(order);
        }
        for (int i : order) {
          Contender c = contenders.get(i);
          target.truncate();
          CpuTimes before = CpuTimes.now(serverPids);
          double seconds = c.write(target, workload);
          CpuTimes used = CpuTimes.now(serverPids).minus(before);
          verified[i] = Verifier.verify(c.name(), target, workload);
          double rowsPerS = workload.rows() / seconds;
          samples.get(i).add(rowsPerS);
          cpu.get(i).add(used);
          System.out.printf("  L=%.1f rep %d  %-18s %9.0f rows/s  (%.1f s, %d rows verified; CPU s: client %.1f,"
              + " server %.1f)%n", locality, rep + 1, c.name(), rowsPerS, seconds, verified[i],
              used.clientSeconds(), used.serverSeconds());
        }
      }
      for (int i = 0; i < contenders.size(); i++) {
        results.add(new BenchResults.Result(contenders.get(i).name(), locality, samples.get(i), verified[i],
            cpu.get(i)));
      }
    }
    return new BenchResults.Run(runPlan.name(), runPlan.nodes(), runPlan.nodes(), runPlan.consistency(),
        runPlan.rows(), results);
  }

  /** A small untimed write by every in-process contender, so that JIT warm-up is not measured. */
  private static void warmUp(BenchTarget target, List<Contender> contenders) throws Exception {
    LocalityWorkload small = new LocalityWorkload(5_000, 0.5, BenchPlan.SEED + 1);
    for (Contender c : contenders) {
      if (!(c instanceof BeamCassandraIOContender)) {
        c.write(target, small);
      }
    }
  }

  private static void scaling(BenchPlan plan, BenchTarget target, BenchResults results) throws Exception {
    List<OursContender> scaled = List.of(new OursContender(Grouping.AUTO, false), OursContender.inputOnly(),
        new OursContender(Grouping.AUTO, true));
    System.out.printf("== Run C: %s at L=%.1f, rows %s%n", scaled, BenchPlan.SCALING_LOCALITY, plan.scalingRows());
    for (OursContender auto : scaled) {
      for (long rows : plan.scalingRows()) {
        scale(auto, rows, target, results);
      }
    }
    List<Long> largest = plan.scalingRows().subList(Math.max(0, plan.scalingRows().size() - 2), plan.scalingRows().size());
    for (long rows : largest) {
      census(new OursContender(Grouping.AUTO, false), rows, target, results);
    }
  }

  /** Run C's untimed pass: who holds the memory, the writer or the runner. */
  private static void census(OursContender contender, long rows, BenchTarget target, BenchResults results)
      throws Exception {
    LocalityWorkload workload = new LocalityWorkload(rows, BenchPlan.SCALING_LOCALITY, BenchPlan.SEED);
    target.truncate();
    HeapCensus.awaitNoneLive(PENDING_WRITE, 30_000);
    BenchResults.Census census;
    try (HeapCensus heap = new HeapCensus(List.of(PENDING_WRITE, BOUND_STATEMENT, RUNNER_ELEMENT))) {
      contender.write(target, workload);
      heap.close();
      census = new BenchResults.Census(contender.name(), rows, heap.peak(PENDING_WRITE),
          heap.peak(BOUND_STATEMENT), heap.peak(RUNNER_ELEMENT));
    }
    Verifier.verify(contender.name(), target, workload);
    results.census.add(census);
    System.out.printf("  census %-10s %,9d rows  peak live: %,d pending writes, %,d bound statements, "
        + "%,d runner elements%n", contender.name(), rows, census.pendingWrites(), census.boundStatements(),
        census.runnerElements());
  }

  private static void scale(OursContender contender, long rows, BenchTarget target, BenchResults results)
      throws Exception {
    LocalityWorkload workload = new LocalityWorkload(rows, BenchPlan.SCALING_LOCALITY, BenchPlan.SEED);
    target.truncate();
    double seconds;
    long live;
    long used;
    try (PeakHeap heap = new PeakHeap()) {
      seconds = contender.write(target, workload);
      live = heap.peakLiveBytes();
      used = heap.peakUsedBytes();
    }
    if (contender.writes()) {
      Verifier.verify(contender.name(), target, workload);
    }
    results.scaling.add(new BenchResults.Scaling(contender.name(), BenchPlan.SCALING_LOCALITY, rows,
        rows / seconds, live, used));
    System.out.printf("  %-17s %,9d rows  %9.0f rows/s  peak live heap %.0f MiB, incl. garbage %.0f MiB%n",
        contender.name(), rows, rows / seconds, live / 1048576.0, used / 1048576.0);
  }

  static List<Long> serverPids(LocalCluster cluster) {
    return cluster.nodes().stream().map(LocalNode::pid).toList();
  }

  static LocalCluster start(int nodes, String baseAddress, Path dir) {
    return LocalCluster.start(ClusterSpec.nodes(nodes).withBaseAddress(baseAddress).withWorkDir(dir));
  }

  static BenchTarget target(LocalCluster cluster, String consistency, CqlSession admin) {
    return new BenchTarget(cluster.contactPoints(), cluster.localDatacenter(),
        DefaultConsistencyLevel.valueOf(consistency), admin);
  }

  static CqlSession session(LocalCluster cluster) {
    return CqlSession.builder()
        .addContactPoints(cluster.contactPoints())
        .withLocalDatacenter(cluster.localDatacenter())
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
            .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 2048)
            .build())
        .build();
  }
}
