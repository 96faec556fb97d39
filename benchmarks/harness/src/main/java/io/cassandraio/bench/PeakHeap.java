package io.cassandraio.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Peak heap of this JVM while a run goes on. Two numbers: the peak of everything allocated (which
 * mostly shows how much garbage G1 lets pile up before collecting, and grows with run length),
 * and the peak of what survives collections (the live set), which is what bounded in-flight work
 * must keep flat.
 */
final class PeakHeap implements AutoCloseable {
  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peakLive;

  PeakHeap() {
    System.gc();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    sampler = new Thread(this::sample, "peak-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    while (running) {
      long live = 0;
      for (MemoryPoolMXBean pool : heapPools) {
        MemoryUsage afterGc = pool.getCollectionUsage();
        live += afterGc == null ? 0 : afterGc.getUsed();
      }
      peakLive = Math.max(peakLive, live);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Peak of the heap right after collections during the run. */
  long peakLiveBytes() {
    return peakLive;
  }

  /** Peak of all heap use, garbage included. */
  long peakUsedBytes() {
    return heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.join();
  }
}
