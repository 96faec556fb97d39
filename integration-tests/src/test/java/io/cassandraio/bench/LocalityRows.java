package io.cassandraio.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic benchmark rows with temporal locality L, as defined in the "Efficient Cassandra
 * Write Pattern for Micro-Batching" article: within every run of {@value #RUN} consecutive rows,
 * a fraction L of the rows reuse a partition key already seen in that run (a cache hit); the
 * others start a new partition.
 */
public final class LocalityRows {
  public static final int RUN = 1000;
  public static final int PAYLOAD_BYTES = 100;

  /** One row of {@code bench.events (sensor_id text, ts bigint, value double, payload text)}. */
  public record Event(String sensorId, long ts, double value, String payload) implements Serializable {}

  private LocalityRows() {}

  public static List<Event> generate(int rows, double locality, long seed) {
    if (locality < 0 || locality >= 1) {
      throw new IllegalArgumentException("locality must be in [0, 1), was " + locality);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> events = new ArrayList<>(rows);
    List<String> seenInRun = new ArrayList<>();
    long nextPartition = 0;
    for (int i = 0; i < rows; i++) {
      if (i % RUN == 0) {
        seenInRun.clear();
      }
      String sensor;
      if (!seenInRun.isEmpty() && random.nextDouble() < locality) {
        sensor = seenInRun.get(random.nextInt(seenInRun.size()));
      } else {
        sensor = "sensor-" + seed + "-" + nextPartition++;
        seenInRun.add(sensor);
      }
      events.add(new Event(sensor, i, random.nextDouble() * 100, payload(random)));
    }
    return events;
  }

  private static String payload(SplittableRandom random) {
    StringBuilder b = new StringBuilder(PAYLOAD_BYTES);
    for (int i = 0; i < PAYLOAD_BYTES; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }
}
