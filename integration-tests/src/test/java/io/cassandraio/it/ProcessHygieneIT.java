package io.cassandraio.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.cassandraio.it.support.FreshCluster;
import io.cassandraio.it.support.NodeOwnerMain;
import io.cassandraio.it.support.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Test;

/**
 * Nodes never outlive the JVM that launched them, even when it is killed with SIGKILL (no shutdown
 * hook runs then; each node's parent-PID watchdog must halt it). A negative control with
 * {@code withStopWithLauncher(false)} shows that the check does see a leftover node.
 */
public class ProcessHygieneIT {
  private static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration GONE_TIMEOUT = Duration.ofSeconds(20);

  @Test
  public void nodesDieWhenTheLauncherIsKilled() throws Exception {
    try (Owner owner = Owner.start(FreshCluster.baseAddress("127.0.12.1"), "hygiene-killed", true, "sleep")) {
      List<Long> nodes = owner.awaitNodePids();
      assertThat(nodes, hasSize(1));
      assertTrue("node PID " + nodes.get(0) + " should run while its launcher runs",
          Processes.isAlive(nodes.get(0)));

      long t0 = System.nanoTime();
      owner.killForcibly();
      List<Long> left = Processes.awaitGone(nodes, GONE_TIMEOUT);
      System.out.printf("ProcessHygieneIT: launcher SIGKILLed, node gone after %d ms%n",
          (System.nanoTime() - t0) / 1_000_000);
      assertThat("node PIDs still alive " + GONE_TIMEOUT.toSeconds() + " s after the launcher was SIGKILLed",
          left, empty());
      assertThat("no process should still run from " + owner.workDir,
          Processes.pidsWithCommandLineContaining(owner.workDir.toString()), empty());
    }
  }

  @Test
  public void negativeControl_nodesOutliveAKilledLauncherWithoutStopWithLauncher() throws Exception {
    List<Long> nodes = new ArrayList<>();
    try (Owner owner = Owner.start(FreshCluster.baseAddress("127.0.13.1"), "hygiene-detached", false, "sleep")) {
      try {
        nodes.addAll(owner.awaitNodePids());
        assertThat(nodes, hasSize(1));
        owner.killForcibly();

        // It must stay up for several times what the watchdog needs (about 3 s).
        await("a node started withStopWithLauncher(false) outliving its killed launcher")
            .during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
            .until(() -> Processes.isAlive(nodes.get(0)));
        // The command-line search used elsewhere as a fallback finds the leftover too.
        assertThat(Processes.pidsWithCommandLineContaining(owner.workDir.toString()),
            contains(nodes.get(0)));
      } finally {
        for (long pid : nodes) {
          Processes.killAndAwait(pid);
        }
        // In case the PID file was never read (the launcher died before writing it).
        Processes.killAllWithCommandLineContaining(owner.workDir.toString());
      }
      assertThat(Processes.awaitGone(nodes, GONE_TIMEOUT), empty());
    }
  }

  @Test
  public void nodesStopWhenTheLauncherExitsNormally() throws Exception {
    try (Owner owner = Owner.start(FreshCluster.baseAddress("127.0.12.1"), "hygiene-exit", true, "exit")) {
      List<Long> nodes = owner.awaitNodePids();
      assertThat(nodes, hasSize(1));
      assertTrue("launcher should exit by itself", owner.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
      assertThat("launcher exit code", owner.process.exitValue(), equalTo(0));
      assertThat("node PIDs still alive " + GONE_TIMEOUT.toSeconds() + " s after the launcher exited",
          Processes.awaitGone(nodes, GONE_TIMEOUT), empty());
      assertFalse(Processes.isAlive(nodes.get(0)));
    }
  }

  /** A child JVM running {@link NodeOwnerMain}; closing it kills it and whatever it left. */
  private static final class Owner implements AutoCloseable {
    final Process process;
    final Path workDir;
    final Path pidFile;
    final Path output;

    private Owner(Process process, Path workDir, Path pidFile, Path output) {
      this.process = process;
      this.workDir = workDir;
      this.pidFile = pidFile;
      this.output = output;
    }

    static Owner start(String baseAddress, String name, boolean stopWithLauncher, String then)
        throws IOException {
      Path workDir = Path.of("target", name).toAbsolutePath();
      Files.createDirectories(workDir);
      Path pidFile = workDir.resolve("node-pids.txt");
      Files.deleteIfExists(pidFile);
      Path output = workDir.resolve("launcher.out");
      // The test classpath can be long: pass it in an argument file, not on the command line.
      Path argFile = workDir.resolve("launcher.args");
      Files.writeString(argFile, "-cp\n\"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n",
          StandardCharsets.UTF_8);
      List<String> command = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m",
          "@" + argFile,
          NodeOwnerMain.class.getName(),
          "1", baseAddress, workDir.toString(), pidFile.toString(), Boolean.toString(stopWithLauncher), then);
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
      return new Owner(process, workDir, pidFile, output);
    }

    List<Long> awaitNodePids() throws IOException {
      try {
        await("the launcher writing " + pidFile).atMost(NODE_START_TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> Files.exists(pidFile) || !process.isAlive());
      } catch (ConditionTimeoutException e) {
        fail("launcher did not write " + pidFile + " within " + NODE_START_TIMEOUT.toSeconds()
            + " s. Its output:\n" + outputTail());
      }
      if (!Files.exists(pidFile)) {
        fail("launcher exited with " + process.exitValue() + " before writing " + pidFile
            + ". Its output:\n" + outputTail());
      }
      return Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream()
          .map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong)
          .collect(Collectors.toList());
    }

    void killForcibly() throws InterruptedException {
      assertTrue("launcher should still be running", process.isAlive());
      process.toHandle().destroyForcibly();
      assertTrue("launcher should die after SIGKILL", process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    String outputTail() throws IOException {
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    @Override
    public void close() throws IOException {
      process.toHandle().destroyForcibly();
      Processes.awaitGone(List.of(process.pid()), Duration.ofSeconds(10));
      if (Files.exists(pidFile)) {
        for (String line : Files.readAllLines(pidFile, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            Processes.killAndAwait(Long.parseLong(line.trim()));
          }
        }
      }
      Processes.killAllWithCommandLineContaining(workDir.toString());
    }
  }
}
