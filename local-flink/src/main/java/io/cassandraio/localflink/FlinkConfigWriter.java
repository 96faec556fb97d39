package io.cassandraio.localflink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code config.yaml} of each process. Flink 1.19's config.yaml accepts flat keys, so the
 * launcher writes one {@code key: 'value'} line per option.
 */
final class FlinkConfigWriter {
  static final String FILE_NAME = "config.yaml";

  private FlinkConfigWriter() {}

  /** Options shared by the JobManager and every TaskManager. */
  static Map<String, String> clusterConfig(FlinkClusterSpec spec, ClusterLayout layout, int restPort, int rpcPort) {
    Map<String, String> c = new LinkedHashMap<>();
    String host = spec.host();
    c.put("jobmanager.rpc.address", host);
    c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    // No jobmanager.bind-host on purpose: the BLOB server binds there too, and a jar run over
    // REST (/jars/:id/run) uploads the job's files from inside the JobManager to
    // "localhost:<blob port>" (the in-process dispatcher's host name). Bound to 127.0.40.1 only,
    // that upload is refused; unset, RPC and BLOB listen on every interface, on free ports.
    c.put("rest.address", host);
    c.put("rest.bind-address", host);
    c.put("rest.port", Integer.toString(restPort));
    c.put("blob.server.port", "0");
    c.put("web.upload.dir", layout.uploadDir().toString());
    c.put("parallelism.default", Integer.toString(spec.slotsPerTaskManager()));
    // Recovery: a killed TaskManager's tasks restart from the last checkpoint on the slots left.
    c.put("state.backend.type", "hashmap");
    c.put("state.checkpoints.dir", ClusterLayout.fileUri(layout.checkpointDir()));
    c.put("state.savepoints.dir", ClusterLayout.fileUri(layout.savepointDir()));
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", "10");
    c.put("restart-strategy.fixed-delay.delay", "2 s");
    // A SIGKILLed TaskManager should leave the REST view within seconds, not the default 50 s.
    c.put("heartbeat.interval", "2000");
    c.put("heartbeat.timeout", "10000");
    // Metrics over REST are refreshed at most this often (default 10 s).
    c.put("metrics.fetcher.update-interval", "1000");
    c.put("jobmanager.memory.process.size", "1024m");
    return c;
  }

  static Map<String, String> jobManagerConfig(FlinkClusterSpec spec, ClusterLayout layout, int restPort, int rpcPort) {
    Map<String, String> c = clusterConfig(spec, layout, restPort, rpcPort);
    c.put("io.tmp.dirs", layout.tmpDir(ClusterLayout.JOB_MANAGER).toString());
    c.putAll(spec.extraConfig());
    return c;
  }

  static Map<String, String> taskManagerConfig(
      FlinkClusterSpec spec, ClusterLayout layout, int restPort, int rpcPort, int n) {
    Map<String, String> c = clusterConfig(spec, layout, restPort, rpcPort);
    String name = ClusterLayout.taskManagerName(n);
    c.put("taskmanager.resource-id", name);
    c.put("taskmanager.host", spec.host());
    c.put("taskmanager.bind-host", spec.host());
    c.put("taskmanager.rpc.port", "0");
    c.put("taskmanager.data.port", "0");
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.slotsPerTaskManager()));
    c.put("io.tmp.dirs", layout.tmpDir(name).toString());
    // TaskManagerRunner started without flink-dist's scripts needs every memory pool set
    // explicitly (reference/flink-1.19-standalone-config.yaml); TaskManagerMemory sizes the JVM to match.
    c.putAll(TaskManagerMemory.config());
    c.put("taskmanager.cpu.cores", "2");
    c.putAll(spec.extraConfig());
    return c;
  }

  static String render(Map<String, String> config) {
    StringBuilder yaml = new StringBuilder("# Written by local-flink; one flat key per line.\n");
    config.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
    return yaml.toString();
  }

  /** Single-quoted YAML scalar, so paths, URIs and durations stay strings. */
  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static Path write(Path confDir, Map<String, String> config) {
    try {
      Files.createDirectories(confDir);
      Path file = confDir.resolve(FILE_NAME);
      Files.writeString(file, render(config), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + confDir.resolve(FILE_NAME), e);
    }
  }
}
