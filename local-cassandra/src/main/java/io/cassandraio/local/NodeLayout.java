package io.cassandraio.local;

import java.nio.file.Path;

/** Where one node lives: its address, its directory and the files in it. */
record NodeLayout(int index, String address, Path dir) {
  static NodeLayout of(ClusterSpec spec, int index) {
    return new NodeLayout(index, spec.nodeAddress(index), spec.workDir().resolve("node" + index));
  }

  Path confDir() {
    return dir.resolve("conf");
  }

  Path yamlFile() {
    return confDir().resolve("cassandra.yaml");
  }

  Path logbackFile() {
    return confDir().resolve("logback.xml");
  }

  /** Everything the node's JVM prints, Cassandra's own log included. */
  Path logFile() {
    return dir.resolve("node.log");
  }

  @Override
  public String toString() {
    return "node" + index + " (" + address + ")";
  }
}
