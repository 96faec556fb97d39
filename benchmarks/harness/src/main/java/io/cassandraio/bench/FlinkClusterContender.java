package io.cassandraio.bench;

import io.cassandraio.bench.workload.LocalityWorkload;
import io.cassandraio.localflink.FlinkClusterSpec;
import io.cassandraio.localflink.LocalFlinkCluster;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ours-auto-flink-cluster}: the benchmark's write as a job jar (module
 * {@code benchmarks/flink-job}) on a local Flink session cluster of real processes, one
 * JobManager and two TaskManagers with two slots each, at parallelism 4. The cluster starts on
 * first use and stays up for the whole benchmark; the time runs from the submission until Flink
 * reports the job FINISHED (the jar's upload and the cluster's start are not timed).
 */
public final class FlinkClusterContender implements Contender, AutoCloseable {
  /** System property: the job jar (set by scripts/bench, which builds it). */
  public static final String JOB_JAR_PROPERTY = "bench.flink.jobJar";
  public static final String NAME = "ours-auto-flink-cluster";
  private static final String ENTRY_CLASS = "io.cassandraio.bench.job.ClusterWriteJob";
  private static final int PARALLELISM = 4;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);
  /** Off the Cassandra nodes' 127.0.0.N and the tests' addresses. */
  private static final String HOST = "127.0.90.1";

  private final Path jobJar;
  private final Path workDir;
  private LocalFlinkCluster cluster;
  private String jarId;

  public FlinkClusterContender(Path jobJar, Path workDir) {
    if (!Files.isRegularFile(jobJar)) {
      throw new IllegalArgumentException(JOB_JAR_PROPERTY + "=" + jobJar + " is not a file: build it with "
          + "mvn -pl benchmarks/flink-job -am package -DskipTests (scripts/bench does)");
    }
    this.jobJar = jobJar;
    this.workDir = workDir;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double write(BenchTarget target, LocalityWorkload workload) throws Exception {
    LocalFlinkCluster flink = cluster();
    List<String> args = List.of(
        "--contactPoints=" + target.contactPoints().stream().map(FlinkClusterContender::hostPort)
            .collect(Collectors.joining(",")),
        "--localDatacenter=" + target.localDc(),
        "--rows=" + workload.rows(),
        "--locality=" + workload.locality(),
        "--seed=" + workload.seed(),
        "--consistency=" + target.consistency(),
        "--parallelism=" + PARALLELISM,
        "--objectReuse=true");
    long start = System.nanoTime();
    String job = flink.submitUploaded(jarId, ENTRY_CLASS, args, PARALLELISM, null);
    String state = flink.awaitJobState(job, JOB_TIMEOUT, "FINISHED", "FAILED", "CANCELED");
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!state.equals("FINISHED")) {
      throw new IllegalStateException(NAME + ": job " + job + " ended " + state + "; see the logs under "
          + flink.workDir());
    }
    return seconds;
  }

  private synchronized LocalFlinkCluster cluster() {
    if (cluster == null) {
      long t0 = System.nanoTime();
      cluster = LocalFlinkCluster.start(FlinkClusterSpec.defaults().withHost(HOST).withWorkDir(workDir));
      System.out.printf("  Flink session cluster up in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, cluster.restUrl());
      jarId = cluster.uploadJar(jobJar);
    }
    return cluster;
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  @Override
  public synchronized void close() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
