package io.cassandraio.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The command line scripts/bench uses: {@code [--quick|--full|--scaling|--smoke|--read|--soak] [--out DIR] [--docs DIR]}. */
public class BenchMainCommandLineTest {
  private static BenchMain parse(String... args) {
    BenchMain main = new BenchMain();
    new CommandLine(main).parseArgs(args);
    return main;
  }

  @Test
  public void eachModeSelectsItsPlanAndQuickIsTheDefault() {
    assertEquals("quick", parse().plan().name());
    assertEquals("quick", parse("--quick").plan().name());
    assertEquals("full", parse("--full").plan().name());
    assertEquals("scaling", parse("--scaling").plan().name());
    assertEquals("smoke", parse("--smoke").plan().name());
  }

  @Test
  public void outAndDocsAsScriptsBenchPassesThem() {
    BenchMain main = parse("--full", "--out", "/tmp/x/bench", "--docs", "/tmp/x/docs");
    assertEquals(Path.of("/tmp/x/bench"), main.out);
    assertEquals(Path.of("/tmp/x/docs"), main.docs);

    BenchMain defaults = parse("--smoke");
    assertEquals(Path.of("benchmarks", "harness", "target", "bench"), defaults.out);
    assertNull(defaults.docs);
  }

  @Test
  public void soakTakesItsMinutesAndTheClustersAddress() {
    BenchMain soak = parse("--soak", "--soak-minutes", "2", "--base-address", "127.0.50.1");
    assertTrue(soak.soak());
    assertEquals(2.0, soak.soakMinutes, 0);
    assertEquals("127.0.50.1", soak.baseAddress);
    assertEquals("ten minutes unless told", 10.0, parse("--soak").soakMinutes, 0);
    assertEquals(100_000, parse("--soak").soakRoundRows);
    assertThrows(ParameterException.class, () -> parse("--soak", "--full"));
    assertThrows(ParameterException.class, () -> parse("--soak", "--soak-minutes", "two"));
    assertTrue(!parse("--quick").soak());
  }

  @Test
  public void readTakesItsRowCountAndExcludesTheOtherModes() {
    BenchMain read = parse("--read", "--read-rows", "100000", "--base-address", "127.0.50.1");
    assertTrue(read.read());
    assertEquals(100_000, read.readRows);
    assertEquals("a million rows unless told", 1_000_000, parse("--read").readRows);
    assertTrue(!parse("--quick").read());
    assertThrows(ParameterException.class, () -> parse("--read", "--soak"));
    assertThrows(ParameterException.class, () -> parse("--read", "--read-rows", "many"));
  }

  @Test
  public void aSoakOfNoMinutesIsRefusedNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SoakRun(0, "127.0.50.1", Path.of("target", "soak"), 1000));
    assertTrue(e.getMessage(), e.getMessage().contains("--soak-minutes"));
  }

  @Test
  public void badArgumentsAreUsageErrors() {
    assertThrows(ParameterException.class, () -> parse("--fast"));
    assertThrows(ParameterException.class, () -> parse("--quick", "--full"));
    assertThrows(ParameterException.class, () -> parse("--out"));
    assertThrows(ParameterException.class, () -> parse("extra"));
  }

  @Test
  public void anUnknownOptionExitsWithStatus2AndPrintsTheUsage() {
    StringWriter err = new StringWriter();
    int status = new CommandLine(new BenchMain()).setErr(new PrintWriter(err)).execute("--fast");
    assertEquals(2, status);
    assertTrue(err.toString(), err.toString().contains("Unknown option: '--fast'"));
    assertTrue(err.toString(), err.toString().contains("Usage: BenchMain"));
    assertTrue(err.toString(), err.toString().replaceAll("\\s+", " ").contains("[--quick | --full | --scaling | --smoke | --read | --soak]"));
  }
}
