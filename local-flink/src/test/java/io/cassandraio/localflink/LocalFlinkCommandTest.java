package io.cassandraio.localflink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

public class LocalFlinkCommandTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CommandLine cli = LocalFlinkCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));

  @Test
  public void startOptionsBecomeTheSpec() {
    ParseResult parsed = cli.parseArgs("start", "--taskmanagers", "3", "--slots", "1", "--host", "127.0.40.1",
        "--rest-port", "0", "--dir", tmp.getRoot().toString());
    LocalFlinkCommand.Start start = parsed.subcommand().commandSpec().commandLine().getCommand();
    FlinkClusterSpec spec = start.spec();
    assertEquals(3, spec.taskManagers());
    assertEquals(1, spec.slotsPerTaskManager());
    assertEquals("127.0.40.1", spec.host());
    assertEquals(0, spec.restPort());
    assertEquals(tmp.getRoot().toPath(), spec.workDir().orElseThrow());
    assertEquals(false, spec.stopWithLauncher()); // the CLI's cluster outlives the command
  }

  @Test
  public void aValueTheSpecRefusesIsAUsageErrorNamingTheOption() {
    int code = cli.execute("start", "--taskmanagers", "0", "--dir", tmp.getRoot().toString());
    assertEquals(2, code);
    assertThat(err.toString(), containsString("Invalid value for option '--taskmanagers': taskManagers must be 1..8, got 0"));
  }

  @Test
  public void submitTakesTheProgramArgumentsAfterTheDoubleDash() {
    ParseResult parsed = cli.parseArgs("submit", "job.jar", "--class", "a.Main", "--parallelism", "4",
        "--savepoint", "file:/sp", "--", "--runner=FlinkRunner", "--x", "y");
    LocalFlinkCommand.Submit submit = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertEquals(Path.of("job.jar"), submit.jar);
    assertEquals("a.Main", submit.entryClass);
    assertEquals(4, submit.parallelism);
    assertEquals("file:/sp", submit.savepoint);
    assertEquals(List.of("--runner=FlinkRunner", "--x", "y"), submit.args);
  }

  @Test
  public void commandsThatNeedAClusterSayWhenNoneIsRecorded() {
    for (String[] args : new String[][] {{"submit", "j.jar", "--class", "A"}, {"savepoint", "abc"},
        {"cancel", "abc"}, {"kill-taskmanager", "1"}, {"restart-taskmanager", "1"}}) {
      StringWriter e = new StringWriter();
      CommandLine c = LocalFlinkCommand.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(e, true));
      String[] withDir = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
          java.util.stream.Stream.of("--dir", tmp.getRoot().toString())).toArray(String[]::new);
      assertEquals(String.join(" ", args), 1, c.execute(withDir));
      assertThat(e.toString(), containsString("No local Flink cluster recorded in " + tmp.getRoot()));
    }
  }

  @Test
  public void statusWithoutAClusterExitsThreeAndStopIsANoOp() {
    assertEquals(3, cli.execute("status", "--dir", tmp.getRoot().toString()));
    assertEquals(0, cli.execute("stop", "--dir", tmp.getRoot().toString()));
    assertThat(out.toString(), containsString("No local Flink cluster recorded"));
  }

  @Test
  public void theStateFileRoundTrips() {
    ClusterStateFile state = new ClusterStateFile("127.0.40.1", 18081, 16123, 2, tmp.getRoot().toPath(), 11, List.of(12L, 13L));
    state.write(tmp.getRoot().toPath());
    assertEquals(state, ClusterStateFile.read(tmp.getRoot().toPath()).orElseThrow());
  }
}
