package io.cassandraio.it.flink.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.examples.counter.EventCounterPipeline;
import io.cassandraio.examples.counter.StreamingCounterPipeline;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code StreamingCounterJob} wrote, read back and checked against what its deterministic
 * source generated: events {@code 0..events-1}, event {@code i} a view of
 * {@link EventCounterPipeline#pageOf}.
 */
final class PageStreamTables {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private PageStreamTables() {}

  /** {@code page -> views} of a counter table (the exactly-once one, or the plain writer's). */
  static Map<String, Long> counters(CqlSession session, String keyspace, String table) {
    Map<String, Long> views = new TreeMap<>();
    for (Row r : session.execute(read("SELECT page, views FROM " + keyspace + "." + table))) {
      views.put(r.getString(0), r.getLong(1));
    }
    return views;
  }

  static long total(Map<String, Long> counters) {
    return counters.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Upserts exact: one row per event {@code 0..events-1}, each with its page; returns the row count.
   */
  static long assertEventsExact(CqlSession session, String keyspace, long events, int pages) {
    Map<Long, String> rows = new TreeMap<>();
    for (Row r : session.execute(read("SELECT event_id, page FROM " + keyspace + "."
        + StreamingCounterPipeline.EVENT_TABLE))) {
      rows.put(r.getLong(0), r.getString(1));
    }
    long wrong = 0;
    StringBuilder examples = new StringBuilder();
    for (long i = 0; i < events; i++) {
      String expected = EventCounterPipeline.pageOf(i, pages);
      String actual = rows.get(i);
      if (!expected.equals(actual)) {
        if (wrong++ < 10) {
          examples.append(" event ").append(i).append(": ").append(actual).append(" instead of ").append(expected);
        }
      }
    }
    assertEquals("events missing or with a wrong page in " + keyspace + "." + StreamingCounterPipeline.EVENT_TABLE
        + " (first ones:" + examples + ")", 0, wrong);
    assertEquals("rows in " + keyspace + "." + StreamingCounterPipeline.EVENT_TABLE + " (ids beyond the input?)",
        events, rows.size());
    return rows.size();
  }

  /** No page has fewer views than it had events: nothing was lost (at-least-once holds). */
  static void assertNothingLost(String what, Map<String, Long> expected, Map<String, Long> actual) {
    assertEquals(what + ": pages", expected.keySet(), actual.keySet());
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      long got = actual.get(e.getKey());
      assertTrue(what + ": " + e.getKey() + " lost views: " + got + " < " + e.getValue(), got >= e.getValue());
    }
  }

  private static SimpleStatement read(String cql) {
    return SimpleStatement.newInstance(cql).setTimeout(READ_TIMEOUT);
  }
}
