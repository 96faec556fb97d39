package io.cassandraio.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the command line remembers about the cluster it started, so that {@code status} and
 * {@code stop} in a later process find the nodes by PID.
 */
record ClusterStateFile(List<Node> nodes) {
  static final String FILE_NAME = "cluster.properties";

  record Node(int index, String address, int nativePort, int jmxPort, long pid) {}

  static ClusterStateFile of(LocalCluster cluster) {
    List<Node> nodes = new ArrayList<>();
    for (LocalNode n : cluster.nodes()) {
      nodes.add(new Node(n.index(), n.address(), n.nativePort(), n.jmx().port(), n.pid()));
    }
    return new ClusterStateFile(nodes);
  }

  void write(Path dir) {
    Properties p = new Properties();
    p.setProperty("nodes", Integer.toString(nodes.size()));
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
    return Optional.of(new ClusterStateFile(nodes));
  }

  static void delete(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
