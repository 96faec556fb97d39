package io.cassandraio.bench;

import io.cassandraio.local.LocalCluster;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The soak's failures: kills node 1, keeps it down {@value #DOWN_SECONDS} s, restarts it (same data
 * and token; waits until every node sees it UP), lets the cluster be whole for {@value #UP_SECONDS}
 * s, then node 2, node 3, node 1 ... until {@link #stop()}. One node down at a time, so QUORUM
 * stays possible throughout. A node it killed is always restarted before it returns.
 */
final class NodeRotation implements Runnable {
  static final long DOWN_SECONDS = 10;
  static final long UP_SECONDS = 10;

  private final LocalCluster cluster;
  private volatile boolean running = true;
  private volatile String state = "all nodes up";
  private int kills;
  private final List<Long> restartMillis = Collections.synchronizedList(new ArrayList<>());
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  NodeRotation(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void run() {
    int node = 1;
    try {
      sleepWhileRunning(UP_SECONDS);
      while (running) {
        cluster.kill(node);
        kills++;
        state = "node" + node + " down";
        sleepWhileRunning(DOWN_SECONDS);
        long t0 = System.nanoTime();
        try {
          cluster.restart(node);
          restartMillis.add((System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
          errors.add("restart of node" + node + ": " + e.getMessage());
          return; // restoreAll at the end of the soak brings it back
        }
        state = "all nodes up (node" + node + " back)";
        node = node % cluster.nodes().size() + 1;
        sleepWhileRunning(UP_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sleepWhileRunning(long seconds) throws InterruptedException {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (running && System.nanoTime() < until) {
      Thread.sleep(100);
    }
  }

  void stop() {
    running = false;
  }

  String state() {
    return state;
  }

  int kills() {
    return kills;
  }

  List<Long> restartMillis() {
    return List.copyOf(restartMillis);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }
}
