package io.cassandraio.it.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.examples.turbine.SensorEvent;
import io.cassandraio.examples.turbine.TurbineAggregatedRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * The wind-turbine example's rows, computed here without Beam (a plain loop over the events) and
 * read back from Cassandra without the mapper, so that a test compares two independent views.
 */
public final class TurbineRows {
  /** Sums of doubles in another order may differ in the last bits; min and max must be exact. */
  public static final double AVG_TOLERANCE = 1e-9;
  private static final long WINDOW_MILLIS = 5 * 60_000L;

  private TurbineRows() {}

  /** One row per (turbine, 5-minute window), keyed by "turbineid@reported_time". */
  public static Map<String, TurbineAggregatedRecord> expected(List<TimestampedValue<SensorEvent>> events) {
    Map<String, double[]> acc = new TreeMap<>(); // count, sum, min, max
    Map<String, TurbineAggregatedRecord> keys = new TreeMap<>();
    for (TimestampedValue<SensorEvent> e : events) {
      long ts = e.getTimestamp().getMillis();
      Instant end = Instant.ofEpochMilli(Math.floorDiv(ts, WINDOW_MILLIS) * WINDOW_MILLIS + WINDOW_MILLIS);
      String key = key(e.getValue().turbineId(), end);
      double speed = e.getValue().speed();
      double[] a = acc.computeIfAbsent(key, k -> new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
      a[0]++;
      a[1] += speed;
      a[2] = Math.min(a[2], speed);
      a[3] = Math.max(a[3], speed);
      keys.putIfAbsent(key, new TurbineAggregatedRecord(e.getValue().turbineId(), end, 0, 0, 0));
    }
    Map<String, TurbineAggregatedRecord> rows = new TreeMap<>();
    keys.forEach((key, r) -> {
      double[] a = acc.get(key);
      rows.put(key, new TurbineAggregatedRecord(r.turbineid(), r.reportedTime(), a[3], a[2], a[1] / a[0]));
    });
    return rows;
  }

  /** Every row of the example's table in {@code keyspace}, by plain CQL. */
  public static Map<String, TurbineAggregatedRecord> readAll(CqlSession session, String keyspace) {
    Map<String, TurbineAggregatedRecord> rows = new TreeMap<>();
    for (Row r : session.execute("SELECT turbineid, reported_time, max_speed, min_speed, avg_speed FROM "
        + keyspace + "." + TurbineAggregatedRecord.TABLE)) {
      TurbineAggregatedRecord rec = new TurbineAggregatedRecord(r.getString("turbineid"),
          r.getInstant("reported_time"), r.getDouble("max_speed"), r.getDouble("min_speed"), r.getDouble("avg_speed"));
      rows.put(key(rec.turbineid(), rec.reportedTime()), rec);
    }
    return rows;
  }

  /** Same keys, min and max exactly equal, averages within {@link #AVG_TOLERANCE}. */
  public static void assertSameRows(Map<String, TurbineAggregatedRecord> expected, Map<String, TurbineAggregatedRecord> actual) {
    List<String> problems = new ArrayList<>();
    for (String key : expected.keySet()) {
      if (!actual.containsKey(key)) {
        problems.add("missing " + expected.get(key));
      }
    }
    for (String key : actual.keySet()) {
      if (!expected.containsKey(key)) {
        problems.add("unexpected " + actual.get(key));
      }
    }
    for (Map.Entry<String, TurbineAggregatedRecord> e : expected.entrySet()) {
      TurbineAggregatedRecord want = e.getValue();
      TurbineAggregatedRecord got = actual.get(e.getKey());
      if (got != null && (want.minSpeed() != got.minSpeed() || want.maxSpeed() != got.maxSpeed()
          || Math.abs(want.avgSpeed() - got.avgSpeed()) > AVG_TOLERANCE)) {
        problems.add("expected " + want + " but found " + got);
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + expected.size() + " expected rows differ (" + actual.size()
          + " rows stored); first ones: " + problems.subList(0, Math.min(10, problems.size())));
    }
    assertEquals(expected.size(), actual.size());
    assertTrue("no rows expected: the test data is wrong", !expected.isEmpty());
  }

  public static String key(String turbineid, Instant reportedTime) {
    return turbineid + "@" + reportedTime;
  }
}
