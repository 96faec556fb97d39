package io.cassandraio.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.cassandraio.bench.workload.LocalityWorkload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
      JsonNode seconds = json(stdout).path("seconds");
      if (!seconds.isNumber()) {
        throw new IllegalStateException(name() + " printed no {\"seconds\": ...}: " + stdout);
      }
      return seconds.asDouble();
    } finally {
      process.destroyForcibly();
    }
  }

  /** The one JSON line the contender prints on stdout (missing if it printed none). */
  private static JsonNode json(String stdout) {
    try {
      return BenchResults.JSON.readTree(stdout);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }
}
