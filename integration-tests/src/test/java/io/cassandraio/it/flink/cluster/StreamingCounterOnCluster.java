package io.cassandraio.it.flink.cluster;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.examples.counter.StreamingCounterPipeline;
import io.cassandraio.it.support.TestCassandra;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The examples' streaming page-view job ({@code StreamingCounterJob}) as the ITs submit it from
 * the job jar: its program arguments, and what it wrote, read back by plain CQL.
 */
final class StreamingCounterOnCluster {
  static final String MAIN = "io.cassandraio.examples.counter.StreamingCounterJob";
  /**
   * {@code --events} of a run that a test cancels: more than any test waits for (hours at the
   * rates used here). Not 0 (endless): PacedEventSource splits {@code [0, Long.MAX_VALUE)} into
   * ranges starting near 2^61, whose event times lie beyond Beam's maximum timestamp, and the
   * exactly-once writer's timer then fails every task ("Attempted to set a processing-time timer
   * with an output timestamp of 146140538-09-24...").
   */
  static final long UNTIL_CANCELLED = 10_000_000;
  /** Reads after a node kill: a range read at QUORUM waits until gossip marks the node down. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private StreamingCounterOnCluster() {}

  /**
   * Program arguments of a run writing to {@code keyspace} on {@code cassandra}.
   *
   * @param events events {@code 0..events-1}; {@link #UNTIL_CANCELLED} for a run the test cancels
   */
  static List<String> args(TestCassandra cassandra, String keyspace, long events, double eventsPerSecond, int pages,
      ConsistencyLevel consistency) {
    List<String> args = new ArrayList<>();
    args.add("--cassandraContactPoints=" + contactPoints(cassandra.contactPoints()));
    args.add("--localDatacenter=" + cassandra.localDatacenter());
    args.add("--keyspace=" + keyspace);
    args.add("--events=" + events);
    args.add("--eventsPerSecond=" + eventsPerSecond);
    args.add("--pages=" + pages);
    args.add("--consistency=" + consistency.name());
    return args;
  }

  static String contactPoints(List<InetSocketAddress> nodes) {
    return nodes.stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(","));
  }

  /** The schema the job writes to ({@code CREATE ... IF NOT EXISTS}), for a keyspace the test made. */
  static void createTables(CqlSession session, String keyspace) {
    StreamingCounterPipeline.createSchema(session, keyspace, 1, null);
  }

  /** Event ids in the upsert table, read at {@code consistency}. */
  static TreeSet<Long> eventIds(CqlSession session, String keyspace, ConsistencyLevel consistency) {
    TreeSet<Long> ids = new TreeSet<>();
    for (Row r : session.execute(read("SELECT event_id FROM " + keyspace + "." + StreamingCounterPipeline.EVENT_TABLE,
        consistency))) {
      ids.add(r.getLong(0));
    }
    return ids;
  }

  /** Rows in the upsert table; a quick sign of progress. */
  static long eventsWritten(CqlSession session, String keyspace) {
    return session.execute(read("SELECT count(*) FROM " + keyspace + "." + StreamingCounterPipeline.EVENT_TABLE,
        ConsistencyLevel.ONE)).one().getLong(0);
  }

  /** Views per page in the exactly-once counter table, read at {@code consistency}. */
  static Map<String, Long> views(CqlSession session, String keyspace, ConsistencyLevel consistency) {
    Map<String, Long> views = new TreeMap<>();
    for (Row r : session.execute(read("SELECT page, views FROM " + keyspace + "."
        + StreamingCounterPipeline.COUNTER_TABLE, consistency))) {
      views.put(r.getString(0), r.getLong(1));
    }
    return views;
  }

  private static SimpleStatement read(String cql, ConsistencyLevel consistency) {
    return SimpleStatement.newInstance(cql).setConsistencyLevel(consistency).setTimeout(READ_TIMEOUT);
  }
}
