package io.cassandraio.internal.replay;

import io.cassandraio.BatchId;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Batch ids being written in this JVM right now. A runner may hand copies of one batch to two
 * bundles at once (the DirectRunner does with duplicated input); both would look the id up
 * before either recorded it and both would write. Claiming the ids first makes the second copy
 * wait and then find the id recorded. Copies in different JVMs at the same moment (a zombie
 * worker) are not covered: see the README's limits.
 */
final class InFlightBatches {
  private static final Set<BatchId> CLAIMED = new HashSet<>();

  private InFlightBatches() {}

  /** Waits until no other thread holds any of {@code ids}, then holds them all. */
  static void claim(Collection<BatchId> ids) throws InterruptedException {
    synchronized (CLAIMED) {
      while (ids.stream().anyMatch(CLAIMED::contains)) {
        CLAIMED.wait();
      }
      CLAIMED.addAll(ids);
    }
  }

  static void release(Collection<BatchId> ids) {
    synchronized (CLAIMED) {
      CLAIMED.removeAll(ids);
      CLAIMED.notifyAll();
    }
  }
}
