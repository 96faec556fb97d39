package io.cassandraio.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Counts live instances of a few classes every couple of seconds while a run goes on and keeps
 * each class's peak: it shows who holds the memory, the writer (its pending statements) or the
 * runner (elements waiting between steps). Every count forces a full collection, so a run with a
 * census is not timed.
 */
final class HeapCensus implements AutoCloseable {
  private static final long INTERVAL_MS = 2000;

  private final List<String> classNames;
  private final Map<String, Long> peaks = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  HeapCensus(List<String> classNames) {
    this.classNames = classNames;
    classNames.forEach(c -> peaks.put(c, 0L));
    sampler = new Thread(this::sample, "heap-census");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    while (running) {
      count();
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void count() {
    Map<String, Long> counts = liveInstances(classNames);
    synchronized (peaks) {
      counts.forEach((c, n) -> peaks.merge(c, n, Math::max));
    }
  }

  /**
   * Waits until no instance of {@code className} is live, so that a census does not count what an
   * earlier run leaves behind while its runner still tears down (Flink's local cluster stops its
   * tasks after the job has been reported done). Gives up after {@code timeoutMs}.
   */
  static void awaitNoneLive(String className, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (liveInstances(List.of(className)).getOrDefault(className, 0L) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
  }

  /** Live instances of each of {@code classNames} (a full collection first), from a class histogram. */
  static Map<String, Long> liveInstances(List<String> classNames) {
    String histogram;
    try {
      histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (Exception e) {
      throw new IllegalStateException("cannot take a class histogram of this JVM", e);
    }
    Map<String, Long> counts = new HashMap<>();
    // Lines look like "  12:   861002   20664048  org.apache.beam.sdk.util.WindowedValue$ValueInGlobalWindow".
    for (String line : histogram.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && classNames.contains(f[3])) {
        counts.merge(f[3], Long.parseLong(f[1]), Math::max);
      }
    }
    return counts;
  }

  /** The highest live instance count seen for {@code className}. */
  long peak(String className) {
    synchronized (peaks) {
      return peaks.getOrDefault(className, 0L);
    }
  }

  List<String> classNames() {
    return classNames;
  }

  @Override
  public void close() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    sampler.interrupt();
    sampler.join();
    count();
  }
}
