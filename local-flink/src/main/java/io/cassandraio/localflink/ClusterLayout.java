package io.cassandraio.localflink;

import java.nio.file.Path;

/**
 * Where each process of a local Flink cluster keeps its files under the work dir: {@code jobmanager/},
 * {@code taskmanager-1/}, ... each with its own {@code conf/config.yaml}, log file and temp dir;
 * checkpoints and savepoints are shared by the cluster.
 */
record ClusterLayout(Path workDir) {
  static final String JOB_MANAGER = "jobmanager";

  static String taskManagerName(int n) {
    return "taskmanager-" + n;
  }

  Path processDir(String name) {
    return workDir.resolve(name);
  }

  Path confDir(String name) {
    return processDir(name).resolve("conf");
  }

  Path logFile(String name) {
    return processDir(name).resolve(name + ".log");
  }

  Path tmpDir(String name) {
    return processDir(name).resolve("tmp");
  }

  Path checkpointDir() {
    return workDir.resolve("checkpoints");
  }

  Path savepointDir() {
    return workDir.resolve("savepoints");
  }

  /** {@code file:///...} without a trailing slash, whether or not the directory exists yet. */
  static String fileUri(Path dir) {
    String uri = dir.toAbsolutePath().toUri().toString();
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  /** Jars uploaded over REST: kept in the work dir, not in /tmp. */
  Path uploadDir() {
    return workDir.resolve("uploads");
  }
}
