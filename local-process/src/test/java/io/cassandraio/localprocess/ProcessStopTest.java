package io.cassandraio.localprocess;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

public class ProcessStopTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<Process> started = new ArrayList<>();

  @After
  public void killEverythingStarted() {
    for (Process process : started) {
      process.destroyForcibly();
    }
  }

  @Test
  public void killReturnsOnlyOnceTheProcessIsGone() throws Exception {
    ProcessHandle sleep = start("sleep", "60");
    ProcessStop.kill(sleep, "sleep 60", TIMEOUT, IllegalStateException::new);
    assertFalse(sleep.isAlive());
  }

  @Test
  public void killOfAProcessThatIsGoneDoesNothing() throws Exception {
    Process done = new ProcessBuilder("true").start();
    started.add(done);
    done.waitFor();
    ProcessStop.kill(done.toHandle(), "true", TIMEOUT, IllegalStateException::new);
  }

  @Test
  public void terminateEndsAProcessThatHonoursSigtermWithinTheGrace() throws Exception {
    ProcessHandle sleep = start("sleep", "60");
    long startNanos = System.nanoTime();
    ProcessStop.terminate(sleep, "sleep 60", Duration.ofSeconds(30), TIMEOUT, IllegalStateException::new);
    assertFalse(sleep.isAlive());
    assertTrue("SIGTERM alone should have ended it, long before the 30 s grace",
        System.nanoTime() - startNanos < Duration.ofSeconds(10).toNanos());
  }

  @Test
  public void terminateKillsAProcessThatIgnoresSigtermAfterTheGrace() throws Exception {
    // exec: the PID is sleep itself, which inherits the ignored SIGTERM. "ready" once the trap is
    // set, so that SIGTERM does not reach the shell before.
    Process process = new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; exec sleep 60").start();
    started.add(process);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("ready", out.readLine());
    }
    ProcessHandle stubborn = process.toHandle();
    Duration grace = Duration.ofSeconds(1);
    long startNanos = System.nanoTime();
    ProcessStop.terminate(stubborn, "stubborn sleep", grace, TIMEOUT, IllegalStateException::new);
    assertFalse(stubborn.isAlive());
    assertTrue("SIGKILL came before the grace was over",
        System.nanoTime() - startNanos >= grace.toNanos());
  }

  private ProcessHandle start(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(process);
    return process.toHandle();
  }
}
