package io.cassandraio.bench.workload;

/**
 * An order-independent checksum of the rows a read contender saw, so that every contender (driver
 * 4, Beam's CassandraIO on driver 3, ours) can be checked to have read exactly the workload: the
 * sum of one 32-bit hash per row. A million rows sum to less than 2^52, so the sum never
 * overflows and can travel as a Beam counter.
 */
public final class ReadChecksum {
  private ReadChecksum() {}

  /** The hash of one row of {@code bench.events}, in [0, 2^32). */
  public static long of(String sensorId, long ts, double value, String payload) {
    long h = sensorId.hashCode();
    h = h * 31 + Long.hashCode(ts);
    h = h * 31 + Long.hashCode(Double.doubleToLongBits(value));
    h = h * 31 + payload.hashCode();
    // Murmur3's 64-bit finalizer, so that nearby rows do not give nearby hashes.
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h & 0xffff_ffffL;
  }

  public static long of(Event e) {
    return of(e.sensorId(), e.ts(), e.value(), e.payload());
  }

  /** The checksum of every row of {@code workload}: what a complete read must report. */
  public static long of(LocalityWorkload workload) {
    long sum = 0;
    for (long run = 0; run < workload.runs(); run++) {
      for (Event e : workload.run(run)) {
        sum += of(e);
      }
    }
    return sum;
  }
}
