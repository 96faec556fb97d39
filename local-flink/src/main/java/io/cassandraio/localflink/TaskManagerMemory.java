package io.cassandraio.localflink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TaskManager's memory pools (about 1 GiB per process, modest for a 2-core machine) and the JVM
 * limits that match them: flink-dist's scripts derive -Xmx and friends from the pools; started
 * directly, the JVM must be given the same numbers or Flink's own checks refuse to start.
 */
final class TaskManagerMemory {
  static final int FRAMEWORK_HEAP_MB = 128;
  static final int TASK_HEAP_MB = 384;
  static final int FRAMEWORK_OFF_HEAP_MB = 128;
  static final int TASK_OFF_HEAP_MB = 0;
  static final int NETWORK_MB = 64;
  static final int MANAGED_MB = 128;
  static final int METASPACE_MB = 256;
  static final int OVERHEAD_MB = 192;

  private TaskManagerMemory() {}

  static Map<String, String> config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("taskmanager.memory.framework.heap.size", FRAMEWORK_HEAP_MB + "m");
    c.put("taskmanager.memory.task.heap.size", TASK_HEAP_MB + "m");
    c.put("taskmanager.memory.framework.off-heap.size", FRAMEWORK_OFF_HEAP_MB + "m");
    c.put("taskmanager.memory.task.off-heap.size", TASK_OFF_HEAP_MB + "m");
    c.put("taskmanager.memory.network.min", NETWORK_MB + "m");
    c.put("taskmanager.memory.network.max", NETWORK_MB + "m");
    c.put("taskmanager.memory.managed.size", MANAGED_MB + "m");
    c.put("taskmanager.memory.jvm-metaspace.size", METASPACE_MB + "m");
    c.put("taskmanager.memory.jvm-overhead.min", OVERHEAD_MB + "m");
    c.put("taskmanager.memory.jvm-overhead.max", OVERHEAD_MB + "m");
    return c;
  }

  static List<String> jvmFlags() {
    int heap = FRAMEWORK_HEAP_MB + TASK_HEAP_MB;
    int direct = FRAMEWORK_OFF_HEAP_MB + TASK_OFF_HEAP_MB + NETWORK_MB;
    return List.of("-Xms" + heap + "m", "-Xmx" + heap + "m", "-XX:MaxDirectMemorySize=" + direct + "m",
        "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m");
  }
}
