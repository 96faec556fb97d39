package io.cassandraio.local;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/** The command line of scripts/cassandra, without starting any node. */
public class LocalCassandraCommandTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LocalCassandraCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private static ClusterSpec startSpec(String... args) {
    CommandLine cli = LocalCassandraCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    CommandLine start = parsed.subcommand().commandSpec().commandLine();
    return ((LocalCassandraCommand.Start) start.getCommand()).spec();
  }

  @Test
  public void withoutACommandPrintsTheUsageAndExits2() {
    assertEquals(2, run());
    assertThat(out.toString(), containsString("Usage: scripts/cassandra"));
    assertThat(out.toString(), containsString("start"));
    assertThat(out.toString(), containsString("status"));
    assertThat(out.toString(), containsString("stop"));
    for (String command : List.of("kill", "pause", "resume", "restart")) {
      assertThat(out.toString(), containsString(command));
    }
  }

  @Test
  public void startTakesEveryOptionOfTheReadme() {
    ClusterSpec spec = startSpec("start", "--nodes", "3", "--vnodes", "16", "--base-address", "127.0.40.1",
        "--native-port", "19042", "--heap", "768M", "--timeout-seconds", "90", "--dir", tmp.getRoot().toString());
    assertEquals(List.of("127.0.40.1", "127.0.40.2", "127.0.40.3"), spec.nodeAddresses());
    assertEquals(16, spec.tokensPerNode());
    assertEquals(19042, spec.nativePort());
    assertEquals("768M", spec.heap());
    assertEquals(Duration.ofSeconds(90), spec.readinessTimeout());
    assertEquals(tmp.getRoot().toPath(), spec.workDir());
    assertFalse("the nodes outlive the command", spec.stopWithLauncher());
  }

  @Test
  public void startDefaultsAreThoseOfClusterSpec() {
    ClusterSpec spec = startSpec("start");
    ClusterSpec defaults = ClusterSpec.nodes(1);
    assertEquals(defaults.nodeAddresses(), spec.nodeAddresses());
    assertEquals(defaults.nativePort(), spec.nativePort());
    assertEquals(defaults.heap(), spec.heap());
    assertEquals(defaults.readinessTimeout(), spec.readinessTimeout());
    assertEquals(defaults.workDir(), spec.workDir());
    assertEquals(defaults.tokensPerNode(), spec.tokensPerNode());
  }

  @Test
  public void theLastOfARepeatedOptionWins() {
    ClusterSpec spec = startSpec("start", "--dir", "/tmp/first", "--nodes", "2", "--dir", tmp.getRoot().toString());
    assertEquals(tmp.getRoot().toPath(), spec.workDir());
    assertEquals(2, spec.nodes());
  }

  @Test
  public void theDefaultDirComesFromTheScriptsSystemProperty() {
    String previous = System.getProperty(LocalCassandraCommand.DIR_PROPERTY);
    System.setProperty(LocalCassandraCommand.DIR_PROPERTY, tmp.getRoot().toString());
    try {
      assertEquals(tmp.getRoot().toPath(), startSpec("start").workDir());
    } finally {
      if (previous == null) {
        System.clearProperty(LocalCassandraCommand.DIR_PROPERTY);
      } else {
        System.setProperty(LocalCassandraCommand.DIR_PROPERTY, previous);
      }
    }
  }

  @Test
  public void aValueThatIsNotANumberIsAUsageErrorNamingTheOption() {
    assertEquals(2, run("start", "--nodes", "three", "--dir", tmp.getRoot().toString()));
    assertThat(err.toString(), containsString("'--nodes'"));
    assertThat(err.toString(), containsString("three"));
    assertThat(err.toString(), containsString("Usage: scripts/cassandra start"));
  }

  @Test
  public void aValueClusterSpecRefusesIsAUsageErrorNamingTheOption() {
    assertEquals(2, run("start", "--nodes", "9", "--dir", tmp.getRoot().toString()));
    assertThat(err.toString(), containsString("'--nodes'"));
    assertThat(err.toString(), containsString("between 1 and 5"));

    assertEquals(2, run("start", "--vnodes", "0", "--dir", tmp.getRoot().toString()));
    assertThat(err.toString(), containsString("'--vnodes'"));
    assertThat(err.toString(), containsString("between 1 and 256"));

    assertEquals(2, run("start", "--base-address", "10.0.0.1", "--dir", tmp.getRoot().toString()));
    assertThat(err.toString(), containsString("'--base-address'"));
    assertThat(err.toString(), containsString("loopback"));

    assertEquals(2, run("start", "--native-port", "70000", "--dir", tmp.getRoot().toString()));
    assertThat(err.toString(), containsString("'--native-port'"));

    assertEquals(2, run("start", "--timeout-seconds", "0", "--dir", tmp.getRoot().toString()));
    assertThat(err.toString(), containsString("'--timeout-seconds'"));
    assertThat(out.toString(), not(containsString("Started")));
  }

  @Test
  public void aMissingValueAndAnUnknownOptionAreNamed() {
    assertEquals(2, run("start", "--heap"));
    assertThat(err.toString(), containsString("'--heap'"));
    assertEquals(2, run("stop", "--frob", "1"));
    assertThat(err.toString(), containsString("--frob"));
  }

  @Test
  public void anUnknownCommandIsAUsageError() {
    assertEquals(2, run("reboot"));
    assertThat(err.toString(), containsString("'reboot'"));
  }

  // ---- start: wipes unless --keep-data ------------------------------------------------------

  @Test
  public void startSaysInItsHelpThatItWipesTheData() {
    assertEquals(0, run("start", "--help"));
    assertThat(out.toString(), containsString("WIPED"));
    assertThat(out.toString(), containsString("--keep-data"));
    assertThat(out.toString(), containsString("'restart"));
  }

  @Test
  public void startWipesUnlessKeepData() {
    assertFalse(startSpec("start").keepData());
    assertTrue(startSpec("start", "--keep-data").keepData());
  }

  // ---- kill, pause, resume, restart: parsing ---------------------------------------------

  private NodeCommandArgs nodeCommand(String... args) {
    CommandLine cli = LocalCassandraCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    LocalCassandraCommand.NodeCommand c = (LocalCassandraCommand.NodeCommand) parsed.subcommand().commandSpec().userObject();
    return new NodeCommandArgs(parsed.subcommand().commandSpec().name(), c.node, c.dir.dir());
  }

  record NodeCommandArgs(String command, int node, Path dir) {}

  @Test
  public void everyNodeCommandTakesTheNodeNumberAndTheDir() {
    Path dir = tmp.getRoot().toPath();
    for (String command : List.of("kill", "pause", "resume", "restart")) {
      assertEquals(new NodeCommandArgs(command, 2, dir), nodeCommand(command, "2", "--dir", dir.toString()));
      assertEquals(new NodeCommandArgs(command, 3, dir), nodeCommand(command, "--dir", dir.toString(), "3"));
    }
  }

  @Test
  public void aNodeCommandWithoutNIsAUsageErrorNamingN() {
    for (String command : List.of("kill", "pause", "resume", "restart")) {
      err.getBuffer().setLength(0);
      assertEquals(command, 2, run(command, "--dir", tmp.getRoot().toString()));
      assertThat(err.toString(), containsString("Missing required parameter: 'N'"));
      assertThat(err.toString(), containsString("Usage: scripts/cassandra " + command));
    }
  }

  @Test
  public void aNodeNumberThatIsNotANumberIsAUsageError() {
    assertEquals(2, run("kill", "two", "--dir", tmp.getRoot().toString()));
    assertThat(err.toString(), containsString("'two'"));
    assertThat(err.toString(), containsString("N"));
  }

  @Test
  public void aNodeCommandWithoutAClusterSaysWhereItLooked() {
    Path dir = tmp.getRoot().toPath();
    for (String command : List.of("kill", "pause", "resume", "restart")) {
      err.getBuffer().setLength(0);
      assertEquals(command, 1, run(command, "1", "--dir", dir.toString()));
      assertThat(err.toString(), containsString("No local cluster recorded in " + dir
          + "; start one with 'scripts/cassandra start'."));
    }
  }

  @Test
  public void aNodeTheClusterDoesNotHaveIsNamedWithTheNodesItHas() {
    Path dir = tmp.getRoot().toPath();
    threeGoneNodes(dir);
    for (String n : List.of("4", "0", "-1")) {
      err.getBuffer().setLength(0);
      assertEquals(1, run("kill", n, "--dir", dir.toString()));
      assertThat(err.toString(), containsString("There is no node " + n + ": the cluster recorded in " + dir
          + " has nodes 1..3."));
    }
  }

  @Test
  public void killOfANodeThatIsNotRunningSaysSo() {
    Path dir = tmp.getRoot().toPath();
    threeGoneNodes(dir);
    assertEquals(0, run("kill", "2", "--dir", dir.toString()));
    assertThat(out.toString(), containsString("node2 (127.0.40.2, PID " + GONE_PID + ") was not running"));
  }

  @Test
  public void pauseAndResumeOfANodeThatIsNotRunningFailNamingTheRemedy() {
    Path dir = tmp.getRoot().toPath();
    threeGoneNodes(dir);
    for (String command : List.of("pause", "resume")) {
      err.getBuffer().setLength(0);
      assertEquals(1, run(command, "3", "--dir", dir.toString()));
      assertThat(err.toString(), containsString("Cannot " + command + " node3 (127.0.40.3, PID " + GONE_PID
          + "): it is not running. Bring it back with 'scripts/cassandra restart 3'."));
    }
  }

  /** A recycled PID (here a sleep) is not taken for the node: nothing is signalled. */
  @Test
  public void aProcessThatIsNotACassandraNodeIsNeverSignalled() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      new ClusterStateFile(List.of(new ClusterStateFile.Node(1, "127.0.40.1", 9042, 7199, sleep.pid()))).write(dir);
      assertEquals(0, run("kill", "1", "--dir", dir.toString()));
      assertThat(out.toString(), containsString("was not running"));
      assertEquals(1, run("pause", "1", "--dir", dir.toString()));
      assertTrue("the sleep must not have been killed", sleep.isAlive());
      assertFalse(io.cassandraio.localprocess.ProcessSuspension.isPaused(sleep.toHandle()));
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  public void theStateFileRemembersWhatRestartNeeds() {
    Path dir = tmp.getRoot().toPath();
    List<ClusterStateFile.Node> nodes = List.of(new ClusterStateFile.Node(1, "127.0.40.1", 19042, 7199, 11),
        new ClusterStateFile.Node(2, "127.0.40.2", 19042, 7200, 12));
    new ClusterStateFile("768M", Duration.ofSeconds(90), 16, nodes).write(dir);
    ClusterStateFile read = ClusterStateFile.read(dir).orElseThrow();
    assertEquals(new ClusterStateFile("768M", Duration.ofSeconds(90), 16, nodes), read);
    assertEquals(13, read.withPid(2, 13).node(2, dir).pid());
    assertEquals(11, read.withPid(2, 13).node(1, dir).pid());

    ClusterSpec spec = read.spec(dir);
    assertEquals(List.of("127.0.40.1", "127.0.40.2"), spec.nodeAddresses());
    assertEquals(19042, spec.nativePort());
    assertEquals("768M", spec.heap());
    assertEquals(Duration.ofSeconds(90), spec.readinessTimeout());
    assertEquals("a restarted node gets the same tokens", 16, spec.tokensPerNode());
    assertEquals(dir, spec.workDir());
    assertTrue("a restart never wipes", spec.keepData());
    assertFalse("a restarted node outlives the command", spec.stopWithLauncher());
  }

  private static final long GONE_PID = Long.MAX_VALUE; // no such process

  private static void threeGoneNodes(Path dir) {
    new ClusterStateFile(List.of(new ClusterStateFile.Node(1, "127.0.40.1", 9042, 7199, GONE_PID),
        new ClusterStateFile.Node(2, "127.0.40.2", 9042, 7200, GONE_PID),
        new ClusterStateFile.Node(3, "127.0.40.3", 9042, 7201, GONE_PID))).write(dir);
  }

  @Test
  public void statusAndStopWithoutAClusterSayWhereTheyLooked() {
    Path dir = tmp.getRoot().toPath();
    assertEquals(3, run("status", "--dir", dir.toString()));
    assertThat(out.toString(), containsString("No local cluster recorded in " + dir));
    assertEquals(0, run("stop", "--dir", dir.toString()));
    assertEquals("", err.toString());
  }

  @Test
  public void stopForgetsNodesThatAreNoLongerRunning() {
    Path dir = tmp.getRoot().toPath();
    long gonePid = Long.MAX_VALUE; // no such process
    new ClusterStateFile(List.of(new ClusterStateFile.Node(1, "127.0.40.1", 9042, 7199, gonePid))).write(dir);
    assertEquals(1, run("status", "--dir", dir.toString()));
    assertThat(out.toString(), containsString("node1  127.0.40.1:9042  PID " + gonePid + " gone  CQL down"));
    assertEquals(0, run("stop", "--dir", dir.toString()));
    assertThat(out.toString(), containsString("node1 (PID " + gonePid + ") was not running"));
    assertFalse(ClusterStateFile.read(dir).isPresent());
  }

  @Test
  public void helpOnEveryCommandExits0() {
    assertEquals(0, run("--help"));
    assertEquals(0, run("start", "--help"));
    assertThat(out.toString(), containsString("--timeout-seconds"));
    assertEquals(0, run("stop", "-h"));
  }
}
