package io.cassandraio.examples.turbine;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.WriteResult;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The wind-turbine pipeline: sensor events, 5-minute tumbling event-time windows per turbine,
 * min/max/average speed, written to Cassandra through the driver-4 mapper with
 * {@code CassandraIO.write().withEntity(...)}.
 *
 * <pre>
 * events {turbineId, speed} @ event time
 *   -> FixedWindows(5 min) -> Combine.perKey(min, max, avg)
 *   -> TurbineAggregatedRecord(turbineid, reported_time = window end, max, min, avg)
 *   -> CassandraIO.write().withEntity(TurbineAggregatedRecord.class, mapper DAO, TurbineDao::save)
 * </pre>
 */
public final class WindTurbinePipeline {
  public static final String DEFAULT_KEYSPACE = "sensor_data";
  public static final Duration WINDOW = Duration.ofMinutes(5);
  /** Beam counter (namespace {@code WindTurbinePipeline}) of aggregated windows produced. */
  public static final String WINDOWS_COUNTER = "windowsAggregated";

  private WindTurbinePipeline() {}

  /** Creates {@code keyspace} (SimpleStrategy, RF 1, if absent) and the aggregate table. */
  public static void createSchema(CqlSession session, String keyspace) {
    session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    session.execute(TurbineAggregatedRecord.createTableCql(keyspace));
  }

  /** Adds the whole job to {@code pipeline}: events in, aggregated rows written to {@code keyspace}. */
  public static WriteResult<TurbineAggregatedRecord> build(Pipeline pipeline,
      List<TimestampedValue<SensorEvent>> events, CassandraConnection connection, String keyspace) {
    return pipeline
        .apply("Sensor events", Create.timestamped(events).withCoder(SensorEvent.CODER))
        .apply("5-minute stats per turbine", new AggregatePerWindow())
        .apply("Write aggregates", write(connection, keyspace));
  }

  /** The CassandraIO sink of this example: mapper entities, one DAO per session. */
  public static CassandraIO.Write<TurbineAggregatedRecord> write(CassandraConnection connection, String keyspace) {
    return CassandraIO.<TurbineAggregatedRecord>write()
        .withConnection(connection)
        .withEntity(TurbineAggregatedRecord.class, daoFactory(keyspace), TurbineDao::save);
  }

  /** Builds the mapper DAO for {@code keyspace} on a worker's session. */
  public static SerializableFunction<CqlSession, TurbineDao> daoFactory(String keyspace) {
    return session -> new TurbineMapperBuilder(session).build().turbineDao(keyspace);
  }

  /** How many (turbine, 5-minute window) pairs {@code events} cover: the rows the job writes. */
  public static int windowCount(List<TimestampedValue<SensorEvent>> events) {
    Set<String> windows = new HashSet<>();
    long size = WINDOW.toMillis();
    for (TimestampedValue<SensorEvent> e : events) {
      long ts = e.getTimestamp().getMillis();
      windows.add(e.getValue().turbineId() + "@" + Math.floorDiv(ts, size));
    }
    return windows.size();
  }

  /** Events to one {@link TurbineAggregatedRecord} per turbine and 5-minute window. */
  public static final class AggregatePerWindow
      extends PTransform<PCollection<SensorEvent>, PCollection<TurbineAggregatedRecord>> {
    private static final long serialVersionUID = 1L;

    @Override
    public PCollection<TurbineAggregatedRecord> expand(PCollection<SensorEvent> events) {
      return events
          .apply("Key by turbine", MapElements
              .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
              .via((SensorEvent e) -> KV.of(e.turbineId(), e.speed())))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
          .apply("Tumbling 5-minute windows",
              Window.<KV<String, Double>>into(FixedWindows.of(org.joda.time.Duration.millis(WINDOW.toMillis()))))
          .apply("Min, max, avg", Combine.perKey(new SpeedStats.Fn()))
          .apply("To table rows", ParDo.of(new ToRecord()))
          .setCoder(SerializableCoder.of(TurbineAggregatedRecord.class));
    }
  }

  private static final class ToRecord extends DoFn<KV<String, SpeedStats>, TurbineAggregatedRecord> {
    private static final long serialVersionUID = 1L;
    private final Counter windows = Metrics.counter(WindTurbinePipeline.class, WINDOWS_COUNTER);

    @ProcessElement
    public void process(@Element KV<String, SpeedStats> e, IntervalWindow window,
        OutputReceiver<TurbineAggregatedRecord> out) {
      SpeedStats s = e.getValue();
      windows.inc();
      out.output(new TurbineAggregatedRecord(e.getKey(),
          java.time.Instant.ofEpochMilli(window.end().getMillis()), s.max(), s.min(), s.average()));
    }
  }
}
