package io.cassandraio.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the command line remembers about the cluster it started, so that {@code status},
 * {@code stop}, {@code kill}, {@code pause}, {@code resume} and {@code restart} in a later process
 * find the nodes by PID, and {@code restart} can launch one again as {@code start} did.
 */
record ClusterStateFile(String heap, Duration readinessTimeout, int tokensPerNode, List<Node> nodes) {
  static final String FILE_NAME = "cluster.properties";

  record Node(int index, String address, int nativePort, int jmxPort, long pid) {
    Node withPid(long newPid) {
      return new Node(index, address, nativePort, jmxPort, newPid);
    }
  }

  /** A file from before {@code heap}, {@code readinessTimeout} and vnodes were recorded: the defaults. */
  ClusterStateFile(List<Node> nodes) {
    this(ClusterSpec.DEFAULT_HEAP, ClusterSpec.DEFAULT_READINESS_TIMEOUT, 1, nodes);
  }

  static ClusterStateFile of(LocalCluster cluster) {
    List<Node> nodes = new ArrayList<>();
    for (LocalNode n : cluster.nodes()) {
      nodes.add(new Node(n.index(), n.address(), n.nativePort(), n.jmx().port(), n.pid()));
    }
    return new ClusterStateFile(cluster.spec().heap(), cluster.spec().readinessTimeout(),
        cluster.spec().tokensPerNode(), nodes);
  }

  /** Node {@code index} (1-based); a clear error when the cluster has no such node. */
  Node node(int index, Path dir) {
    if (index < 1 || index > nodes.size()) {
      throw new LauncherException("There is no node " + index + ": the cluster recorded in " + dir + " has nodes 1.."
          + nodes.size() + ".");
    }
    return nodes.get(index - 1);
  }

  /** This file with node {@code index} now running as {@code pid}. */
  ClusterStateFile withPid(int index, long pid) {
    List<Node> updated = new ArrayList<>(nodes);
    updated.set(index - 1, nodes.get(index - 1).withPid(pid));
    return new ClusterStateFile(heap, readinessTimeout, tokensPerNode, updated);
  }

  /**
   * The spec {@code start} launched these nodes with (the command line sets nothing else), with
   * their data kept: what a node is restarted from.
   */
  ClusterSpec spec(Path dir) {
    Node first = nodes.get(0);
    return ClusterSpec.nodes(nodes.size()).withBaseAddress(first.address()).withNativePort(first.nativePort())
        .withHeap(heap).withReadinessTimeout(readinessTimeout).withVnodes(tokensPerNode).withWorkDir(dir)
        .withStopWithLauncher(false).withKeepData(true);
  }

  /** The cluster of these nodes, to kill, pause, resume or restart one of them. Do not close it. */
  LocalCluster attach(Path dir) {
    return LocalCluster.attach(spec(dir), nodes.stream().map(Node::jmxPort).toList(),
        nodes.stream().map(Node::pid).toList());
  }

  void write(Path dir) {
    Properties p = new Properties();
    p.setProperty("nodes", Integer.toString(nodes.size()));
    p.setProperty("heap", heap);
    p.setProperty("readinessTimeoutSeconds", Long.toString(readinessTimeout.toSeconds()));
    p.setProperty("tokensPerNode", Integer.toString(tokensPerNode));
    for (Node n : nodes) {
      String k = "node" + n.index() + ".";
      p.setProperty(k + "address", n.address());
      p.setProperty(k + "nativePort", Integer.toString(n.nativePort()));
      p.setProperty(k + "jmxPort", Integer.toString(n.jmxPort()));
      p.setProperty(k + "pid", Long.toString(n.pid()));
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve(FILE_NAME))) {
      p.store(w, "local-cassandra cluster started by scripts/cassandra");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<ClusterStateFile> read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Node> nodes = new ArrayList<>();
    int count = Integer.parseInt(p.getProperty("nodes"));
    for (int i = 1; i <= count; i++) {
      String k = "node" + i + ".";
      nodes.add(new Node(i, p.getProperty(k + "address"),
          Integer.parseInt(p.getProperty(k + "nativePort")),
          Integer.parseInt(p.getProperty(k + "jmxPort")),
          Long.parseLong(p.getProperty(k + "pid"))));
    }
    return Optional.of(new ClusterStateFile(p.getProperty("heap", ClusterSpec.DEFAULT_HEAP),
        Duration.ofSeconds(Long.parseLong(p.getProperty("readinessTimeoutSeconds",
            Long.toString(ClusterSpec.DEFAULT_READINESS_TIMEOUT.toSeconds())))),
        Integer.parseInt(p.getProperty("tokensPerNode", "1")), nodes));
  }

  static void delete(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
