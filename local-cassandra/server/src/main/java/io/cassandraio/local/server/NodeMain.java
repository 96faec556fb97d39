package io.cassandraio.local.server;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of a local Cassandra node's JVM: starts a parent watchdog, then Cassandra itself.
 *
 * <p>A JVM shutdown hook in the launcher cannot stop nodes when the launcher is killed with
 * SIGKILL or crashes, so each node watches its launcher instead: when the process named by
 * {@value #PARENT_PID_PROPERTY} is gone, the node halts at once. Nodes started without that
 * property (the command-line {@code start}) outlive their launcher on purpose.
 */
public final class NodeMain {

  /** System property holding the PID of the process whose exit must stop this node. */
  public static final String PARENT_PID_PROPERTY = "localcassandra.parent.pid";

  private NodeMain() {}

  public static void main(String[] args) throws Exception {
    String parent = System.getProperty(PARENT_PID_PROPERTY);
    if (parent != null && !parent.isBlank()) {
      watchParent(Long.parseLong(parent.trim()));
    }
    org.apache.cassandra.service.CassandraDaemon.main(args);
  }

  private static void watchParent(long pid) {
    Thread watchdog =
        new Thread(
            () -> {
              Optional<ProcessHandle> handle = ProcessHandle.of(pid);
              while (handle.isPresent() && handle.get().isAlive()) {
                sleepQuietly();
              }
              System.err.println("local-cassandra: launcher process " + pid + " is gone; halting node");
              // halt, not exit: Cassandra's shutdown hooks can hang when peers are already gone.
              Runtime.getRuntime().halt(3);
            },
            "local-cassandra-parent-watchdog");
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
