package io.cassandraio.it.fault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;

/**
 * Keys {@code 0..rows-1} at the pace of their run's {@link Pacer}, from one splittable DoFn over one
 * range: the DirectRunner checkpoints it every 100 outputs or 1 s, handing the keys on in small
 * bundles while it goes on, on one thread of its pool (a pacing step after the source would hold
 * whole bundles on every thread and starve the writer); on Flink its outputs go straight to the
 * chained writer. A run's pacer lives in this JVM (the DirectRunner and Flink's local mode run
 * here), found by the run's name.
 */
@DoFn.BoundedPerElement
final class PacedKeys extends DoFn<byte[], Long> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Pacer> PACERS = new ConcurrentHashMap<>();

  private final String name;
  private final long rows;

  PacedKeys(String name, long rows) {
    this.name = name;
    this.rows = rows;
  }

  /** A new pacer for run {@code name}: {@code rowsPerSecond}, held after {@code holdAt} keys (0: never). */
  static Pacer register(String name, long rowsPerSecond, long holdAt) {
    Pacer pacer = new Pacer(rowsPerSecond, holdAt);
    PACERS.put(name, pacer);
    return pacer;
  }

  static Pacer pacer(String name) {
    return PACERS.get(name);
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction() {
    return new OffsetRange(0, rows);
  }

  @GetRestrictionCoder
  public Coder<OffsetRange> restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @ProcessElement
  public void process(RestrictionTracker<OffsetRange, Long> tracker, OutputReceiver<Long> out)
      throws InterruptedException {
    for (long k = tracker.currentRestriction().getFrom(); tracker.tryClaim(k); k++) {
      long aheadNanos = PACERS.get(name).nextSlot() - System.nanoTime();
      if (aheadNanos > 0) {
        Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
      }
      out.output(k);
    }
  }

  /**
   * The pace of one run, shared by the runner's threads (the DirectRunner and Flink's local mode run
   * in this JVM): each element takes the next slot of the schedule and sleeps until its time. The
   * schedule starts with the first element, so a slow start (Flink's MiniCluster) does not turn into
   * a burst. Once {@code holdAt} elements went through, it trickles ({@value #TRICKLE_PER_SECOND} a
   * second) until {@link #release()}, then goes on at full pace: so that the write spans a fault
   * however long the fault takes (a restart on a busy machine), without a long write every time.
   */
  static final class Pacer {
    static final long TRICKLE_PER_SECOND = 20;
    private final long rowsPerSecond;
    private final long holdAt;
    private long startNanos;
    private long startSlot;
    private long passed;
    private boolean released;
    private long nextTrickleNanos;

    Pacer(long rowsPerSecond, long holdAt) {
      this.rowsPerSecond = rowsPerSecond;
      this.holdAt = holdAt;
    }

    /** Nanos (System.nanoTime) at which the next element may go through. */
    synchronized long nextSlot() {
      long now = System.nanoTime();
      if (passed == 0) {
        startNanos = now;
      }
      long slot = passed++;
      if (holdAt > 0 && slot >= holdAt && !released) {
        nextTrickleNanos = Math.max(now, nextTrickleNanos + 1_000_000_000L / TRICKLE_PER_SECOND);
        return nextTrickleNanos;
      }
      return startNanos + (slot - startSlot) * 1_000_000_000L / rowsPerSecond;
    }

    synchronized long passed() {
      return passed;
    }

    /** Back to full pace from now on. */
    synchronized void release() {
      released = true;
      startNanos = System.nanoTime();
      startSlot = passed;
    }
  }
}
