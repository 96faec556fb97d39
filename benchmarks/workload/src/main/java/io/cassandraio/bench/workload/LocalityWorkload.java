package io.cassandraio.bench.workload;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's rows, with temporal locality L as defined in "Efficient Cassandra Write Pattern
 * for Micro-Batching": within every run of {@value #RUN} consecutive rows a fraction L of the
 * rows reuse a partition key already seen in that run, the others start a new partition.
 *
 * <p>Each run is a pure function of (seed, locality, run index), so every contender, in any
 * process and on any runner, writes exactly the same rows, and a pipeline can generate its
 * input in parallel instead of shipping it through the runner.
 */
public record LocalityWorkload(long rows, double locality, long seed) implements Serializable {
  public static final int RUN = 1000;
  public static final int PAYLOAD_BYTES = 100;

  public LocalityWorkload {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1, was " + rows);
    }
    if (locality < 0 || locality >= 1) {
      throw new IllegalArgumentException("locality must be in [0, 1), was " + locality);
    }
  }

  /** How many runs of up to {@value #RUN} rows there are. */
  public long runs() {
    return (rows + RUN - 1) / RUN;
  }

  /** The rows of run {@code run} (0-based), in order. */
  public List<Event> run(long run) {
    int size = (int) Math.min(RUN, rows - run * RUN);
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + run * 31L + Double.hashCode(locality));
    List<Event> events = new ArrayList<>(size);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String sensor;
      if (!seen.isEmpty() && random.nextDouble() < locality) {
        sensor = seen.get(random.nextInt(seen.size()));
      } else {
        sensor = "s" + seed + "-" + run + "-" + seen.size();
        seen.add(sensor);
      }
      events.add(new Event(sensor, run * RUN + i, random.nextDouble() * 100, payload(random)));
    }
    return events;
  }

  /** Every row, in order (for contenders that do not generate inside a pipeline). */
  public List<Event> all() {
    List<Event> all = new ArrayList<>((int) rows);
    for (long r = 0; r < runs(); r++) {
      all.addAll(run(r));
    }
    return all;
  }

  /** The fraction of rows that reuse a partition of their run: L, measured. */
  public static double measuredLocality(List<Event> run) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    int hits = 0;
    for (Event e : run) {
      if (!seen.add(e.sensorId())) {
        hits++;
      }
    }
    return run.isEmpty() ? 0 : (double) hits / run.size();
  }

  private static String payload(SplittableRandom random) {
    char[] chars = new char[PAYLOAD_BYTES];
    for (int i = 0; i < PAYLOAD_BYTES; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }
}
