package io.cassandraio.examples.turbine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * Deterministic wind-speed readings: {@code turbines} turbines ({@code turbine-0001} ...), each
 * sending one reading every {@code interval} (with up to one interval of jitter) for {@code span}
 * of event time from {@code start}. Speeds follow a seeded random walk between 0 and 120, one
 * decimal. The same arguments always give the same events.
 */
public record SensorSimulation(int turbines, Instant start, Duration span, Duration interval, long seed) {
  public SensorSimulation {
    if (turbines < 1 || turbines > 9999) {
      throw new IllegalArgumentException("turbines must be 1..9999, was " + turbines);
    }
    if (interval.isZero() || interval.isNegative() || span.compareTo(interval) < 0) {
      throw new IllegalArgumentException("need 0 < interval <= span, got interval " + interval + ", span " + span);
    }
  }

  public static String turbineId(int index) {
    return String.format("turbine-%04d", index);
  }

  public List<String> turbineIds() {
    List<String> ids = new ArrayList<>();
    for (int t = 1; t <= turbines; t++) {
      ids.add(turbineId(t));
    }
    return ids;
  }

  public Instant end() {
    return start.plus(span);
  }

  /** All readings, in event-time order. */
  public List<TimestampedValue<SensorEvent>> events() {
    Random random = new Random(seed);
    long readings = span.toMillis() / interval.toMillis();
    List<TimestampedValue<SensorEvent>> events = new ArrayList<>();
    for (int t = 1; t <= turbines; t++) {
      double speed = 20 + 10 * (t % 5);
      for (long i = 0; i < readings; i++) {
        speed = Math.max(0, Math.min(120, speed + random.nextGaussian() * 3));
        double rounded = Math.round(speed * 10) / 10.0;
        long jitter = (long) (random.nextDouble() * interval.toMillis());
        Instant at = start.plus(interval.multipliedBy(i)).plusMillis(jitter);
        events.add(TimestampedValue.of(new SensorEvent(turbineId(t), rounded),
            org.joda.time.Instant.ofEpochMilli(at.toEpochMilli())));
      }
    }
    events.sort(Comparator.comparing(TimestampedValue::getTimestamp));
    return events;
  }
}
