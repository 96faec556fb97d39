package io.cassandraio.it.exactlyonce;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.it.support.DriverConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The pipeline of issue 9, run {@code runs} times against a cluster that is already up: a bounded
 * {@code GenerateSequence} of 20,000 numbers on Flink streaming (parallelism 2, checkpoints every
 * second, sources shut down after 5 s idle) adds 3 to 200 counter cells exactly once. Before the
 * fix the job failed at the end of its input, restarted, read the source again and over-counted.
 * Prints the sum of every run (expected 60,000) and exits 1 unless every run was exact.
 *
 * <p>Usage: {@code BoundedCounterRuns <host:port,...> <datacenter> <replication factor> <runs>}
 */
public final class BoundedCounterRuns {
  private static final String KS = "eo_bounded_counter";
  private static final int N = 20_000;

  private BoundedCounterRuns() {}

  public static void main(String[] args) {
    List<InetSocketAddress> contactPoints = new ArrayList<>();
    for (String hostPort : args[0].split(",")) {
      String[] hp = hostPort.split(":");
      contactPoints.add(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
    }
    String dc = args[1];
    int rf = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    List<Long> sums = new ArrayList<>();
    try (CqlSession session = DriverConfig.newSession(contactPoints, dc)) {
      session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS + " WITH replication = {'class': 'SimpleStrategy', "
          + "'replication_factor': " + rf + "}");
      session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".t (sku text, bucket int, hits counter, "
          + "PRIMARY KEY (sku, bucket))");
      for (int run = 1; run <= runs; run++) {
        session.execute("TRUNCATE " + KS + ".t");
        long started = System.nanoTime();
        PipelineResult.State state = pipeline(contactPoints, dc, "bounded-counter-" + run).run().waitUntilFinish();
        long sum = 0;
        int cells = 0;
        for (Row r : session.execute("SELECT hits FROM " + KS + ".t")) {
          sum += r.getLong("hits");
          cells++;
        }
        sums.add(sum);
        System.out.printf("BoundedCounterRuns run %d: %s in %.1f s, %d cells, sum %,d (expected %,d)%n", run, state,
            (System.nanoTime() - started) / 1e9, cells, sum, 3L * N);
      }
    }
    System.out.println("BoundedCounterRuns sums: " + sums);
    System.exit(sums.stream().allMatch(s -> s == 3L * N) ? 0 : 1);
  }

  static Pipeline pipeline(List<InetSocketAddress> contactPoints, String dc, String sinkId) {
    FlinkPipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--parallelism=2",
        "--streaming=true", "--checkpointingInterval=1000", "--shutdownSourcesAfterIdleMs=5000",
        "--enableStableInputDrain=true").as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    Pipeline p = Pipeline.create(options);
    p.apply(GenerateSequence.from(0).to(N))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.longs())))
            .via((Long i) -> KV.of("sku-" + (i % 20), KV.of((int) (i / 20 % 10), 3L))))
        .apply(CassandraIO.<KV<String, KV<Integer, Long>>>write()
            .withConnection(CassandraConnection.create().withContactPoints(contactPoints).withLocalDatacenter(dc))
            .withStatement("UPDATE " + KS + ".t SET hits = hits + ? WHERE sku = ? AND bucket = ?",
                (e, b) -> b.setLong(0, e.getValue().getValue()).setString(1, e.getKey())
                    .setInt(2, e.getValue().getKey()).build())
            .withExactlyOnce(ExactlyOnce.sinkId(sinkId).withCheckpointTable(KS + ".committed_batches")));
    return p;
  }
}
