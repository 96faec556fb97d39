package io.cassandraio.examples.counter;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.ExactlyOnce;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A streaming page-view pipeline: paced, replayable events {@code (event id, page)} written three
 * ways, each by a transform with a fixed name (the Flink runner derives operator uids from the
 * names, so renaming one breaks a savepoint restore):
 * <ul>
 *   <li>{@value #COUNTERS} (unless renamed) adds one per view to {@code page -> views} counters, exactly once;</li>
 *   <li>{@value #EVENTS} upserts {@code event_id -> page}, exactly once;</li>
 *   <li>{@value #PLAIN_COUNTERS} (optional) adds to counters with the plain writer, at least once.</li>
 * </ul>
 */
public final class StreamingCounterPipeline {
  public static final String COUNTER_TABLE = "page_views";
  public static final String EVENT_TABLE = "page_events";
  public static final String CHECKPOINT_TABLE = "committed_batches";
  public static final String COUNTER_SINK_ID = "stream-page-views";
  public static final String EVENT_SINK_ID = "stream-page-events";

  private static final java.time.Duration DDL_TIMEOUT = java.time.Duration.ofSeconds(60);
  static final String SOURCE = "Page views";
  static final String PAGE_OF_EACH_VIEW = "Page of each view";
  public static final String COUNTERS = "Add to the page counters exactly once";
  static final String EVENTS = "Upsert the events exactly once";
  static final String PLAIN_COUNTERS = "Add to the plain page counters";
  static final String EXTRA_BRANCH = "Extra branch: sample the views";

  private StreamingCounterPipeline() {}

  /** Keyspace, counter and event tables, and the plain counter table if named. */
  public static void createSchema(CqlSession session, String keyspace, int replicationFactor,
      String plainCounterTable) {
    ddl(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace
        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}");
    ddl(session, "CREATE TABLE IF NOT EXISTS " + keyspace + "." + COUNTER_TABLE
        + " (page text PRIMARY KEY, views counter)");
    ddl(session, "CREATE TABLE IF NOT EXISTS " + keyspace + "." + EVENT_TABLE
        + " (event_id bigint PRIMARY KEY, page text)");
    if (plainCounterTable != null) {
      ddl(session, "CREATE TABLE IF NOT EXISTS " + keyspace + "." + plainCounterTable
          + " (page text PRIMARY KEY, views counter)");
    }
  }

  /** Schema changes wait for schema agreement: far longer than the driver's 2 s default on a busy cluster. */
  private static void ddl(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }

  /** The views per page that events {@code 0..events-1} add up to. */
  public static Map<String, Long> expectedViews(long events, int pages) {
    Map<String, Long> expected = new TreeMap<>();
    for (long i = 0; i < events; i++) {
      expected.merge(EventCounterPipeline.pageOf(i, pages), 1L, Long::sum);
    }
    return expected;
  }

  /**
   * @param events 0 for a source that never ends
   * @param counterWriteName normally {@link #COUNTERS}; another name stands for an incompatible change
   * @param plainCounterTable null for none
   */
  public static void build(Pipeline pipeline, CassandraConnection connection, String keyspace, long events,
      double eventsPerSecond, int pages, int shards, ConsistencyLevel consistency, String plainCounterTable,
      boolean extraBranch, String counterWriteName) {
    PCollection<KV<Long, String>> views = pipeline
        .apply(SOURCE, Read.from(new PacedEventSource(0, events > 0 ? events : Long.MAX_VALUE, eventsPerSecond)))
        .apply(PAGE_OF_EACH_VIEW, MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.strings()))
            .via((Long id) -> KV.of(id, EventCounterPipeline.pageOf(id, pages))));

    String checkpointTable = keyspace + "." + CHECKPOINT_TABLE;
    views.apply(counterWriteName, CassandraIO.<KV<Long, String>>write()
        .withConnection(connection)
        .withConsistencyLevel(consistency)
        .withStatement("UPDATE " + keyspace + "." + COUNTER_TABLE + " SET views = views + 1 WHERE page = ?",
            (view, b) -> b.setString(0, view.getValue()).build())
        .withExactlyOnce(ExactlyOnce.sinkId(COUNTER_SINK_ID)
            .withCheckpointTable(checkpointTable)
            .withConsistencyLevel(consistency)
            .withShards(shards)
            .withMaxBatchDelay(java.time.Duration.ofMillis(200))));

    views.apply(EVENTS, CassandraIO.<KV<Long, String>>write()
        .withConnection(connection)
        .withConsistencyLevel(consistency)
        .withStatement("INSERT INTO " + keyspace + "." + EVENT_TABLE + " (event_id, page) VALUES (?, ?)",
            (view, b) -> b.setLong(0, view.getKey()).setString(1, view.getValue()).build())
        .withExactlyOnce(ExactlyOnce.sinkId(EVENT_SINK_ID)
            .withCheckpointTable(checkpointTable)
            .withConsistencyLevel(consistency)
            .withShards(shards)
            .withMaxBatchDelay(java.time.Duration.ofMillis(200))));

    if (plainCounterTable != null) {
      views.apply(PLAIN_COUNTERS, CassandraIO.<KV<Long, String>>write()
          .withConnection(connection)
          .withConsistencyLevel(consistency)
          .withStatement("UPDATE " + keyspace + "." + plainCounterTable + " SET views = views + 1 WHERE page = ?",
              (view, b) -> b.setString(0, view.getValue()).build()));
    }
    if (extraBranch) {
      views.apply(EXTRA_BRANCH, ParDo.of(new SampleViews()));
    }
  }

  /** The unrelated change: counts every 100th view in a metric and logs every 1000th. */
  private static final class SampleViews extends DoFn<KV<Long, String>, Void> {
    private static final long serialVersionUID = 1L;
    private final Counter sampled = Metrics.counter(StreamingCounterPipeline.class, "sampledViews");

    @ProcessElement
    public void process(@Element KV<Long, String> view) {
      if (view.getKey() % 100 == 0) {
        sampled.inc();
      }
      if (view.getKey() % 1000 == 0) {
        System.out.printf("Extra branch: view %d of %s%n", view.getKey(), view.getValue());
      }
    }
  }
}
