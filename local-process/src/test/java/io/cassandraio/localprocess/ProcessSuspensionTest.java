package io.cassandraio.localprocess;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class ProcessSuspensionTest {
  private Process process;

  @After
  public void killIt() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  public void pauseStopsTheProcessAndResumeLetsItRunAgain() throws Exception {
    process = new ProcessBuilder("sleep", "60").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    ProcessHandle sleep = process.toHandle();
    assertFalse(ProcessSuspension.isPaused(sleep));

    ProcessSuspension.pause(sleep, "sleep 60", IllegalStateException::new);
    assertTrue(ProcessSuspension.isPaused(sleep));
    assertTrue("a paused process is still alive", sleep.isAlive());

    ProcessSuspension.resume(sleep, "sleep 60", IllegalStateException::new);
    assertFalse(ProcessSuspension.isPaused(sleep));
  }

  @Test
  public void aPausedProcessCanStillBeKilled() throws Exception {
    process = new ProcessBuilder("sleep", "60").start();
    ProcessSuspension.pause(process.toHandle(), "sleep 60", IllegalStateException::new);
    ProcessStop.kill(process.toHandle(), "sleep 60", Duration.ofSeconds(10), IllegalStateException::new);
    // kill returns once the PID is gone; Process.isAlive turns false only when the JDK's reaper thread has
    // collected its exit status, a moment later on a busy machine: wait for that, do not race it.
    assertTrue("the killed process was reaped", process.waitFor(10, TimeUnit.SECONDS));
    assertFalse(process.isAlive());
  }

  @Test
  public void aProcessThatIsGoneCannotBePausedAndSaysSo() throws Exception {
    process = new ProcessBuilder("true").start();
    process.waitFor();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ProcessSuspension.pause(process.toHandle(), "the true command", IllegalStateException::new));
    assertTrue(e.getMessage(), e.getMessage().contains("the true command (PID " + process.pid() + ") is not running"));
    assertFalse(ProcessSuspension.isPaused(process.toHandle()));
  }
}
