package io.cassandraio.bench;

import io.cassandraio.bench.workload.LocalityWorkload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Beam's own {@code CassandraIO.write} 2.62.0 (driver 3, mapper entity, DirectRunner). Driver 3
 * and driver 4 cannot share a classpath, so it runs in its own JVM (module
 * {@code benchmarks/beam-cassandraio}); the time is the one that JVM measures around
 * {@code pipeline.run().waitUntilFinish()}, JVM start excluded.
 */
public final class BeamCassandraIOContender implements Contender {
  /** System property: the classpath of module benchmarks/beam-cassandraio (set by scripts/bench). */
  public static final String CLASSPATH_PROPERTY = "bench.beam.classpath";
  private static final Pattern SECONDS = Pattern.compile("\"seconds\"\\s*:\\s*([0-9.eE+-]+)");
  private static final long TIMEOUT_MINUTES = 30;

  private final String classpath;

  public BeamCassandraIOContender(String classpath) {
    this.classpath = classpath;
  }

  @Override
  public String name() {
    return "beam-cassandraio";
  }

  @Override
  public double write(BenchTarget target, LocalityWorkload workload) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp", classpath,
        "io.cassandraio.bench.beam.BeamCassandraIOContender",
        "--contactPoint", target.contactPoints().stream().map(a -> a.getHostString()).collect(Collectors.joining(",")),
        "--port", Integer.toString(target.firstContactPoint().getPort()),
        "--localDc", target.localDc(),
        "--keyspace", BenchTarget.KEYSPACE,
        "--rows", Long.toString(workload.rows()),
        "--locality", Double.toString(workload.locality()),
        "--seed", Long.toString(workload.seed()),
        "--consistency", target.consistency().name()));
    Process process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(name() + " exited with " + (process.isAlive() ? "a timeout" : process.exitValue())
            + "; stdout: " + stdout + "; run it by hand: " + String.join(" ", cmd));
      }
      Matcher m = SECONDS.matcher(stdout);
      if (!m.find()) {
        throw new IllegalStateException(name() + " printed no {\"seconds\": ...}: " + stdout);
      }
      return Double.parseDouble(m.group(1));
    } finally {
      process.destroyForcibly();
    }
  }
}
