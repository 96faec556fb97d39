package io.cassandraio.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.cassandraio.it.support.Processes;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LauncherException;
import io.cassandraio.local.LocalCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.Test;

/** Each way the launcher can fail says what went wrong, where, and leaves no process behind. */
public class LauncherErrorsIT {

  @Test
  public void portInUseIsNamedAndNothingStarts() throws IOException {
    Path workDir = freshWorkDir("errors-port-in-use");
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.14.1"), 9042));
      LauncherException e = expectLauncherException(
          ClusterSpec.nodes(1).withBaseAddress("127.0.14.1").withWorkDir(workDir));
      System.out.println("LauncherErrorsIT port in use: " + e.getMessage());
      assertThat(e.getMessage(), containsString("127.0.14.1"));
      assertThat(e.getMessage(), containsString("9042"));
      assertThat(e.getMessage(), containsString("in use"));
    } finally {
      Processes.killAllWithCommandLineContaining(workDir.toString());
    }
    assertFalse("no node may have been launched (its log exists)",
        Files.exists(workDir.resolve("node1").resolve("node.log")));
    assertThat(Processes.pidsWithCommandLineContaining(workDir.toString()), empty());
  }

  @Test
  public void nodeThatExitsDuringStartupQuotesItsLog() throws IOException {
    Path workDir = freshWorkDir("errors-bad-yaml");
    long t0 = System.nanoTime();
    try {
      LauncherException e = expectLauncherException(ClusterSpec.nodes(1)
          .withBaseAddress("127.0.15.1")
          .withWorkDir(workDir)
          .withReadinessTimeout(Duration.ofSeconds(90))
          .withYaml("commitlog_sync", "nonsense"));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("LauncherErrorsIT exited during startup after " + ms + " ms: " + e.getMessage());
      assertThat(e.getMessage(), containsString("node1 (127.0.15.1)"));
      assertThat(e.getMessage(), containsString("exited during startup"));
      assertThat(e.getMessage(), containsString(workDir.resolve("node1").resolve("node.log").toString()));
      // Lines of the node's own log that explain the cause: the rejected yaml value. (The
      // yaml override itself is not part of the message; only the quoted log can name it.)
      assertThat(e.getMessage(), containsString("Invalid yaml"));
      // The headline, which the 50-line tail alone would cut off.
      assertThat(e.getMessage(), containsString("encountered during startup"));
      assertThat(e.getMessage(), containsString(
          "Unable to find enum value 'nonsense' for enum class: org.apache.cassandra.config.Config$CommitLogSync"));
      assertThat(e.getMessage(), containsString("commitlog_sync: nonsense"));
      // It failed because the node exited, not because the (long) readiness timeout expired.
      assertTrue("should fail well before the readiness timeout, took " + ms + " ms", ms < 60_000);
    } finally {
      Processes.killAllWithCommandLineContaining(workDir.toString());
    }
  }

  @Test
  public void readinessTimeoutNamesTheNodeAndKillsIt() throws IOException {
    Path workDir = freshWorkDir("errors-timeout");
    try {
      LauncherException e = expectLauncherException(ClusterSpec.nodes(1)
          .withBaseAddress("127.0.16.1")
          .withWorkDir(workDir)
          .withReadinessTimeout(Duration.ofSeconds(1)));
      System.out.println("LauncherErrorsIT readiness timeout: " + e.getMessage());
      assertThat(e.getMessage(), containsString("node1 (127.0.16.1, PID "));
      assertThat(e.getMessage(), containsString("not ready"));
      assertThat(e.getMessage(), containsString("stopped every node it had started"));
      assertThat(e.getMessage(), containsString("within 1 s"));
      // The node was really launched ...
      String log = Files.readString(workDir.resolve("node1").resolve("node.log"), StandardCharsets.UTF_8);
      assertThat(log, containsString("local-cassandra: starting node1 (127.0.16.1)"));
      // ... and the launcher killed it (and waited) before throwing.
      assertThat("processes running from " + workDir + " after the failed start",
          Processes.pidsWithCommandLineContaining(workDir.toString()), empty());
    } finally {
      Processes.killAllWithCommandLineContaining(workDir.toString());
    }
  }

  @Test
  public void unsupportedJdkIsRefusedBeforeAnythingStarts() throws IOException {
    Path workDir = freshWorkDir("errors-jdk25");
    Path fakeJdk = workDir.resolve("fake-jdk-25");
    Path marker = workDir.resolve("fake-java-was-run");
    Files.createDirectories(fakeJdk.resolve("bin"));
    Path java = fakeJdk.resolve("bin").resolve("java");
    Files.writeString(java, "#!/bin/sh\ntouch '" + marker + "'\nexit 1\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(fakeJdk.resolve("release"),
        "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"25.0.1\"\nJAVA_VERSION_DATE=\"2025-10-21\"\n",
        StandardCharsets.UTF_8);

    LauncherException e = expectLauncherException(ClusterSpec.nodes(1)
        .withBaseAddress("127.0.17.1")
        .withWorkDir(workDir.resolve("cluster"))
        .withJavaHome(fakeJdk));
    System.out.println("LauncherErrorsIT unsupported JDK: " + e.getMessage());
    assertThat(e.getMessage(), containsString("JDK 25"));
    assertThat(e.getMessage(), containsString(fakeJdk.toString()));
    assertThat(e.getMessage(), containsString("CASSANDRA_JAVA_HOME"));
    assertThat(e.getMessage(), containsString("JDK 11 or 17"));
    assertFalse("the unsupported java must never be run", Files.exists(marker));
    assertFalse(Files.exists(workDir.resolve("cluster").resolve("node1").resolve("node.log")));
  }

  private static LauncherException expectLauncherException(ClusterSpec spec) {
    try (LocalCluster cluster = LocalCluster.start(spec)) {
      fail("LocalCluster.start should have failed, but started " + cluster.nodes());
      throw new AssertionError("unreachable");
    } catch (LauncherException expected) {
      return expected;
    }
  }

  /** target/NAME, emptied. */
  private static Path freshWorkDir(String name) throws IOException {
    Path dir = Path.of("target", name).toAbsolutePath();
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    return dir;
  }
}
