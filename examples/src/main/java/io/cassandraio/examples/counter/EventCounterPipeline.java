package io.cassandraio.examples.counter;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.ExactlyOnce;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A micro-batched event counter: page-view events are counted per page in one-second windows
 * (one counter update per page and window instead of one per event) and the counts are added to
 * Cassandra counters exactly once, through failures and restarts.
 */
public final class EventCounterPipeline {
  static final String TABLE = "page_views";
  static final String SINK_ID = "page-views";
  private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");
  /** Events per second of event time: 20,000 events span 20 one-second windows. */
  private static final int EVENTS_PER_SECOND = 1000;
  /** In this JVM: how many failures are still to inject (Flink local mode runs the tasks here). */
  static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

  private EventCounterPipeline() {}

  public static void createSchema(CqlSession session, String keyspace) {
    session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " (page text PRIMARY KEY, views counter)");
  }

  /** The page of event {@code i}: deterministic, so a replayed source yields the same events. */
  public static String pageOf(long i, int pages) {
    return "page-" + Math.floorMod(i * 7919, pages);
  }

  public static void build(Pipeline pipeline, long events, int pages, CassandraConnection connection,
      String keyspace, int failures) {
    FAILURES_LEFT.set(failures);
    long failEvery = Math.max(1, events / pages / (failures + 1));
    pipeline
        .apply("Page views", GenerateSequence.from(0).to(events))
        .apply("Event time", WithTimestamps.of((Long i) -> START.plus(Duration.millis(i * 1000 / EVENTS_PER_SECOND))))
        .apply("Page of each view", MapElements.into(TypeDescriptors.strings()).via((Long i) -> pageOf(i, pages)))
        .apply("One-second windows", Window.into(FixedWindows.of(Duration.standardSeconds(1))))
        .apply("Count per page and window", Count.perElement())
        .apply("Inject failures", ParDo.of(new InjectFailures(failEvery)))
        .apply("Add to the counters", CassandraIO.<KV<String, Long>>write()
            .withConnection(connection)
            .withStatement("UPDATE " + keyspace + "." + TABLE + " SET views = views + ? WHERE page = ?",
                (kv, b) -> b.setLong(0, kv.getValue()).setString(1, kv.getKey()).build())
            .withExactlyOnce(ExactlyOnce.sinkId(SINK_ID)
                .withCheckpointTable(keyspace + ".committed_batches")
                .withShards(4)
                .withMaxBatchDelay(java.time.Duration.ofMillis(200))));
  }

  /** Throws on every {@code failEvery}-th count while failures are left: a crash between checkpoints. */
  private static final class InjectFailures extends DoFn<KV<String, Long>, KV<String, Long>> {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger SEEN = new AtomicInteger();
    private final long failEvery;

    InjectFailures(long failEvery) {
      this.failEvery = failEvery;
    }

    @ProcessElement
    public void process(@Element KV<String, Long> count, OutputReceiver<KV<String, Long>> out) {
      if (SEEN.incrementAndGet() % failEvery == 0 && FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("injected failure (EventCounterJob --injectFailures)");
      }
      out.output(count);
    }
  }
}
