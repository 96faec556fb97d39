package io.cassandraio.local;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

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
  }

  @Test
  public void startTakesEveryOptionOfTheReadme() {
    ClusterSpec spec = startSpec("start", "--nodes", "3", "--base-address", "127.0.40.1", "--native-port", "19042",
        "--heap", "768M", "--timeout-seconds", "90", "--dir", tmp.getRoot().toString());
    assertEquals(List.of("127.0.40.1", "127.0.40.2", "127.0.40.3"), spec.nodeAddresses());
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
    assertEquals(2, run("restart"));
    assertThat(err.toString(), containsString("'restart'"));
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
