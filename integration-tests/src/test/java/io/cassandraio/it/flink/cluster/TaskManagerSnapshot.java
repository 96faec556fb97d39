package io.cassandraio.it.flink.cluster;

import java.util.List;
import java.util.Map;

/**
 * One TaskManager's figures after a job was cancelled and the TaskManager garbage-collected:
 * Flink's own JVM metrics and the thread pools that {@code jcmd Thread.print} lists.
 *
 * @param cycle 1-based submit/cancel cycle
 * @param taskManager 1-based TaskManager index
 * @param threads {@code Status.JVM.Threads.Count}
 * @param classesLoaded {@code Status.JVM.ClassLoader.ClassesLoaded} (ever loaded)
 * @param classesUnloaded {@code Status.JVM.ClassLoader.ClassesUnloaded}
 * @param threadPools live threads per pool name (digits replaced by {@code #})
 * @param cassandraClientThreads live threads of the driver or of CassandraIO (none expected)
 */
record TaskManagerSnapshot(int cycle, int taskManager, long threads, long classesLoaded, long classesUnloaded,
    Map<String, Integer> threadPools, List<String> cassandraClientThreads) {

  /** Classes loaded and not unloaded: what a leaked class loader keeps growing. */
  long liveClasses() {
    return classesLoaded - classesUnloaded;
  }
}
