package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.Grouping;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.EventCoder;
import io.cassandraio.bench.workload.LocalityWorkload;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;

/**
 * A first look, not the benchmark: rows/s of each grouping mode against one local node, plus a
 * plain driver-async loop for reference, in one run. Usage: GroupingFirstLook [rows] [locality].
 */
public final class GroupingFirstLook {
  private GroupingFirstLook() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    double locality = args.length > 1 ? Double.parseDouble(args[1]) : 0.5;
    LocalityWorkload workload = new LocalityWorkload(rows, locality, 42);
    List<Event> events = workload.all();
    try (LocalCluster cluster = LocalCluster.start(ClusterSpec.nodes(1)
            .withBaseAddress("127.0.60.1").withWorkDir(Path.of("target", "firstlook")));
        CqlSession session = CqlSession.builder().addContactPoints(cluster.contactPoints())
            .withLocalDatacenter(cluster.localDatacenter()).build()) {
      session.execute("CREATE KEYSPACE bench WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
      session.execute("CREATE TABLE bench.events (sensor_id text, ts bigint, value double, payload text, PRIMARY KEY (sensor_id, ts))");
      CassandraConnection connection = CassandraConnection.create()
          .withContactPoints(cluster.contactPoints()).withLocalDatacenter(cluster.localDatacenter())
          .withKeyspace("bench");
      String[] order = args.length > 2 ? args[2].split(",")
          : new String[] {"driver-async", "ours-none", "ours-partition", "ours-replica-set", "ours-auto"};
      int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
      for (int round = 0; round < rounds; round++) {
        for (String contender : order) {
          session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("TRUNCATE bench.events").setTimeout(java.time.Duration.ofSeconds(60)));
          long start = System.nanoTime();
          if (contender.equals("driver-async")) {
            driverAsync(session, events);
          } else {
            Grouping grouping = Grouping.valueOf(contender.substring(5).replace('-', '_').toUpperCase());
            ours(connection, workload, grouping);
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          long count = session.execute("SELECT count(*) FROM bench.events").one().getLong(0);
          System.out.printf("round %d  %-17s %8.0f rows/s  (%d rows in %.1f s, %d stored)%n",
              round, contender, rows / seconds, rows, seconds, count);
        }
      }
    }
  }

  private static void driverAsync(CqlSession session, List<Event> events) throws InterruptedException {
    PreparedStatement insert = session.prepare(
        "INSERT INTO bench.events (sensor_id, ts, value, payload) VALUES (?, ?, ?, ?)");
    Semaphore window = new Semaphore(256);
    for (Event e : events) {
      window.acquire();
      session.executeAsync(insert.bind(e.sensorId(), e.ts(), e.value(), e.payload()))
          .whenComplete((rs, error) -> window.release());
    }
    window.acquire(256);
  }

  private static void ours(CassandraConnection connection, LocalityWorkload workload, Grouping grouping) {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    options.setTargetParallelism(Integer.getInteger("parallelism", options.getTargetParallelism()));
    Pipeline p = Pipeline.create(options);
    List<Long> runs = java.util.stream.LongStream.range(0, workload.runs()).boxed().toList();
    p.apply(Create.of(runs))
        .apply(org.apache.beam.sdk.transforms.FlatMapElements.into(
                org.apache.beam.sdk.values.TypeDescriptor.of(Event.class))
            .via((Long run) -> workload.run(run)))
        .setCoder(EventCoder.of())
        .apply(CassandraIO.<Event>write()
            .withConnection(connection)
            .withStatement("INSERT INTO events (sensor_id, ts, value, payload) VALUES (?, ?, ?, ?)",
                (e, b) -> b.setString(0, e.sensorId()).setLong(1, e.ts()).setDouble(2, e.value())
                    .setString(3, e.payload()).build())
            .withGrouping(grouping)
            .withMaxInFlightRequests(Integer.getInteger("inflight", 128))
            .withMaxBufferedStatements(Integer.getInteger("buffered", 5000)));
    p.run().waitUntilFinish();
  }
}
