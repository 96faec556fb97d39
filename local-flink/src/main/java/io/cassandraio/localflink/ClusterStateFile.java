package io.cassandraio.localflink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code scripts/flink start} remembers about the cluster it started ({@code cluster.json}),
 * so that later commands find its processes by PID and its REST endpoint by port.
 */
record ClusterStateFile(String host, int restPort, int rpcPort, int slotsPerTaskManager, Path workDir,
    long jobManagerPid, List<Long> taskManagerPids) {
  static final String FILE_NAME = "cluster.json";

  static ClusterStateFile of(LocalFlinkCluster cluster) {
    List<Long> tms = new ArrayList<>();
    for (int n = 1; n <= cluster.taskManagerCount(); n++) {
      tms.add(cluster.taskManagerPid(n));
    }
    return new ClusterStateFile(cluster.spec().host(), cluster.restPort(),
        cluster.rpcPort(), cluster.spec().slotsPerTaskManager(), cluster.workDir(), cluster.jobManagerPid(), tms);
  }

  /** The recorded cluster, found again by its PIDs; the processes stay running when this JVM ends. */
  LocalFlinkCluster attach() {
    FlinkClusterSpec spec = FlinkClusterSpec.defaults()
        .withHost(host)
        .withRestPort(restPort)
        .withTaskManagers(taskManagerPids.size())
        .withSlotsPerTaskManager(slotsPerTaskManager)
        .withWorkDir(workDir)
        .withStopWithLauncher(false);
    return LocalFlinkCluster.attach(spec, restPort, rpcPort, jobManagerPid, taskManagerPids);
  }

  String toJson() {
    ObjectNode root = RestResponses.JSON.createObjectNode();
    root.put("host", host);
    root.put("restPort", restPort);
    root.put("rpcPort", rpcPort);
    root.put("slotsPerTaskManager", slotsPerTaskManager);
    root.put("workDir", workDir.toString());
    root.put("jobManagerPid", jobManagerPid);
    taskManagerPids.forEach(root.putArray("taskManagerPids")::add);
    return root.toPrettyString();
  }

  static ClusterStateFile fromJson(String json) {
    JsonNode root = RestResponses.parse(json);
    List<Long> tms = new ArrayList<>();
    root.path("taskManagerPids").forEach(pid -> tms.add(pid.asLong()));
    return new ClusterStateFile(root.path("host").asText(), root.path("restPort").asInt(),
        root.path("rpcPort").asInt(), root.path("slotsPerTaskManager").asInt(),
        Path.of(root.path("workDir").asText()), root.path("jobManagerPid").asLong(), tms);
  }

  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(FILE_NAME), toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + dir.resolve(FILE_NAME), e);
    }
  }

  static Optional<ClusterStateFile> read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromJson(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  static void delete(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
