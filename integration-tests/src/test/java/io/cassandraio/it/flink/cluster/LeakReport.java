package io.cassandraio.it.flink.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code target/flink-cluster/leaks.json}: the TaskManagers' threads and live classes after each
 * submit/cancel cycle of one job on one session cluster, with the thread pools that changed
 * since the first cycle, so that a reader sees what grew without a heap dump.
 */
final class LeakReport {
  static final Path FILE = Path.of("target", "flink-cluster", "leaks.json");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LeakReport() {}

  static void write(String job, Map<String, Object> setup, List<TaskManagerSnapshot> snapshots) {
    ObjectNode root = JSON.createObjectNode();
    root.put("job", job);
    root.set("setup", JSON.valueToTree(setup));
    ArrayNode rows = root.putArray("cycles");
    for (TaskManagerSnapshot s : snapshots) {
      ObjectNode row = rows.addObject();
      row.put("cycle", s.cycle());
      row.put("taskmanager", s.taskManager());
      row.put("threads", s.threads());
      row.put("classes_loaded", s.classesLoaded());
      row.put("classes_unloaded", s.classesUnloaded());
      row.put("live_classes", s.liveClasses());
      row.set("cassandra_client_threads", JSON.valueToTree(s.cassandraClientThreads()));
      TaskManagerSnapshot first = firstOf(snapshots, s.taskManager());
      row.set("thread_pools_changed_since_cycle_1", JSON.valueToTree(changedPools(first.threadPools(), s.threadPools())));
    }
    try {
      Files.createDirectories(FILE.getParent());
      JSON.writeValue(FILE.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + FILE.toAbsolutePath(), e);
    }
  }

  static TaskManagerSnapshot firstOf(List<TaskManagerSnapshot> snapshots, int taskManager) {
    return snapshots.stream().filter(s -> s.taskManager() == taskManager).findFirst().orElseThrow();
  }

  /** Pool name to "before -> after" for every pool whose thread count differs. */
  static Map<String, String> changedPools(Map<String, Integer> before, Map<String, Integer> after) {
    Map<String, String> changed = new java.util.TreeMap<>();
    java.util.Set<String> pools = new java.util.TreeSet<>(before.keySet());
    pools.addAll(after.keySet());
    for (String pool : pools) {
      int b = before.getOrDefault(pool, 0);
      int a = after.getOrDefault(pool, 0);
      if (a != b) {
        changed.put(pool, b + " -> " + a);
      }
    }
    return changed;
  }
}
