package io.cassandraio.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A contender that runs in a JVM of its own (Beam's CassandraIO: driver 3 and driver 4 cannot
 * share a classpath, module {@code benchmarks/beam-cassandraio}) and prints one JSON line.
 */
final class ContenderJvm {
  private static final long TIMEOUT_MINUTES = 30;

  private ContenderJvm() {}

  /** {@code java -Xmx1g -cp classpath mainClass args...}: its JSON line; fails unless it exits 0 with one. */
  static JsonNode run(String name, String classpath, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp", classpath, mainClass));
    cmd.addAll(args);
    Process process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(name + " exited with " + (process.isAlive() ? "a timeout" : process.exitValue())
            + "; stdout: " + stdout + "; run it by hand: " + String.join(" ", cmd));
      }
      JsonNode json = json(stdout);
      if (!json.path("seconds").isNumber()) {
        throw new IllegalStateException(name + " printed no {\"seconds\": ...}: " + stdout);
      }
      return json;
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
