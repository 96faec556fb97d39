package io.cassandraio.bench.job;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.Grouping;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.EventCoder;
import io.cassandraio.bench.workload.LocalityWorkload;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The pipeline every CassandraIO contender of the benchmark runs, in-process or as a job jar on a
 * Flink cluster: the rows are generated inside the pipeline (one element per run of 1000 rows), so
 * that the runner does not ship a serialized copy of the input, then written to {@code bench.events}.
 */
public final class BenchWrite {
  public static final String KEYSPACE = "bench";
  public static final String TABLE = "events";
  public static final String INSERT =
      "INSERT INTO " + KEYSPACE + "." + TABLE + " (sensor_id, ts, value, payload) VALUES (?, ?, ?, ?)";

  private BenchWrite() {}

  /** The workload's rows, spread over bundles by a reshuffle. */
  public static PCollection<Event> rows(Pipeline pipeline, LocalityWorkload workload) {
    List<Long> runs = LongStream.range(0, workload.runs()).boxed().toList();
    return pipeline
        .apply("Run indices", Create.of(runs))
        .apply("One run per bundle", Reshuffle.viaRandomKey())
        .apply("Rows", FlatMapElements.into(TypeDescriptor.of(Event.class)).via((Long run) -> workload.run(run)))
        .setCoder(EventCoder.of());
  }

  /** Writes the workload with CassandraIO; {@code exactlyOnce} keeps its checkpoint table in the bench keyspace. */
  public static void write(Pipeline pipeline, LocalityWorkload workload, CassandraConnection connection,
      ConsistencyLevel consistency, Grouping grouping, boolean exactlyOnce) {
    CassandraIO.Write<Event> write = CassandraIO.<Event>write()
        .withConnection(connection.withKeyspace(KEYSPACE))
        .withStatement(INSERT, (e, b) -> b.setString(0, e.sensorId()).setLong(1, e.ts())
            .setDouble(2, e.value()).setString(3, e.payload()).build())
        .withConsistencyLevel(consistency)
        .withGrouping(grouping);
    if (exactlyOnce) {
      write = write.withExactlyOnce(ExactlyOnce.sinkId("bench").withCheckpointTable(KEYSPACE + ".committed_batches"));
    }
    rows(pipeline, workload).apply("CassandraIO.write", write);
  }

  /** The same rows, dropped: what the runner itself costs. */
  public static void dropAll(Pipeline pipeline, LocalityWorkload workload) {
    rows(pipeline, workload).apply("Drop", ParDo.of(new DropFn()));
  }

  private static final class DropFn extends DoFn<Event, Void> {
    @ProcessElement
    public void drop(@Element Event e) {}
  }
}
