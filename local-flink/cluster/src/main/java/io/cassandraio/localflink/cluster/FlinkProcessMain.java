package io.cassandraio.localflink.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of a local Flink JobManager's or TaskManager's JVM: starts a parent watchdog, then
 * Flink's own entry point.
 *
 * <p>Usage: {@code FlinkProcessMain jobmanager|taskmanager --configDir DIR}. Flink is called by
 * reflection so that this class compiles without Flink on the compile classpath of anything that
 * depends on this jar (Flink is "provided" here).
 *
 * <p>A shutdown hook in the launcher cannot stop the cluster when the launcher is killed with
 * SIGKILL or crashes, so each process watches its launcher instead: when the process named by
 * {@value #PARENT_PID_PROPERTY} is gone, it halts at once. Processes started without that
 * property (the command line's {@code start}) outlive their launcher on purpose.
 */
public final class FlinkProcessMain {

  /** System property holding the PID of the process whose exit must stop this one. */
  public static final String PARENT_PID_PROPERTY = "localflink.parent.pid";

  /** First argument: which Flink process to run, and its entry class. */
  public static final Map<String, String> ENTRY_CLASSES = Map.of(
      "jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
      "taskmanager", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");

  private FlinkProcessMain() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0 || !ENTRY_CLASSES.containsKey(args[0])) {
      System.err.println("usage: FlinkProcessMain jobmanager|taskmanager --configDir DIR (got "
          + Arrays.toString(args) + ")");
      System.exit(2);
    }
    String parent = System.getProperty(PARENT_PID_PROPERTY);
    if (parent != null && !parent.isBlank()) {
      watchParent(Long.parseLong(parent.trim()));
    }
    Method main = Class.forName(ENTRY_CLASSES.get(args[0])).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watchParent(long pid) {
    Thread watchdog =
        new Thread(
            () -> {
              Optional<ProcessHandle> handle = ProcessHandle.of(pid);
              while (handle.isPresent() && handle.get().isAlive()) {
                sleepQuietly();
              }
              System.err.println("local-flink: launcher process " + pid + " is gone; halting");
              // halt, not exit: Flink's shutdown hooks wait for RPC peers that may be gone.
              Runtime.getRuntime().halt(3);
            },
            "local-flink-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static void sleepQuietly() {
    try {
      TimeUnit.MILLISECONDS.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
