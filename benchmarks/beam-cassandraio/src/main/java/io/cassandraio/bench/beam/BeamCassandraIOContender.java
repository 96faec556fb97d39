package io.cassandraio.bench.beam;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.SimpleStatement;
import com.datastax.driver.core.SocketOptions;
import com.datastax.driver.core.policies.DCAwareRoundRobinPolicy;
import com.datastax.driver.core.policies.TokenAwarePolicy;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.EventCoder;
import io.cassandraio.bench.workload.LocalityWorkload;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.cassandra.CassandraIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The {@code beam-cassandraio} benchmark contender: Beam's own {@code CassandraIO.write()}
 * 2.62.0 (DataStax driver 3, a mapper entity) on the DirectRunner, writing the rows of
 * {@link LocalityWorkload} to {@code bench.events}. It runs in its own JVM because driver 3 and
 * driver 4 cannot share a classpath.
 *
 * <p>Like our contenders, it generates the rows inside the pipeline: {@code Create.of(run indices)}
 * then {@code workload.run(i)} then the entity, so the runner does not ship a pre-built list.
 * It times {@code pipeline.run().waitUntilFinish()} only (not JVM start, not pipeline
 * construction, not schema creation, not verification).
 *
 * <p>Build it, then run it from the repository root (the harness does exactly this):
 *
 * <pre>
 * mvn -B -q -pl benchmarks/beam-cassandraio -am package -DskipTests
 * java -Xmx1g -cp benchmarks/beam-cassandraio/target/bench-beam-cassandraio-0.1.0-SNAPSHOT.jar:$(cat benchmarks/beam-cassandraio/target/runtime.classpath) \
 *     io.cassandraio.bench.beam.BeamCassandraIOContender \
 *     --contactPoint 127.0.0.1 --port 9042 --localDc datacenter1 --keyspace bench \
 *     --rows 200000 --locality 0.8 --seed 42 --consistency ONE \
 *     [--createSchema [--replicationFactor 1]] [--truncate] [--verify]
 * </pre>
 *
 * <p>{@code --contactPoint} takes one address or a comma-separated list (it may be repeated).
 * {@code --createSchema} creates keyspace and table if they do not exist (SimpleStrategy with
 * {@code --replicationFactor}, default 1). {@code --truncate} empties {@code bench.events}
 * first. Both happen before the timed part. {@code --verify} reads the table back with driver 3
 * at {@code --consistency}: it counts every row of the table (so truncate before, here or in the
 * harness) and compares a sample of 100 rows with the workload.
 *
 * <p>Output: exactly one line on stdout, {@code {"rows": N, "seconds": X}}, with
 * {@code --verify} {@code {"rows": N, "seconds": X, "verified": C, "sampled": 100,
 * "sample_mismatches": M}}. Everything else goes to stderr (slf4j-simple, WARN unless
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} says otherwise). Exit status: 0 on success,
 * 1 when the pipeline or the connection fails, 2 on bad arguments, 3 when {@code --verify} finds
 * a count other than N or a mismatching sample (the JSON line is still printed).
 */
public final class BeamCassandraIOContender {
  private static final int SAMPLE = 100;

  private BeamCassandraIOContender() {}

  /** The parsed command line. */
  record Args(List<String> contactPoints, int port, String localDc, String keyspace, long rows,
      double locality, long seed, String consistency, boolean createSchema, int replicationFactor,
      boolean truncate, boolean verify) {

    static Args parse(String[] argv) {
      List<String> contactPoints = new ArrayList<>();
      int port = 9042;
      String localDc = "datacenter1";
      String keyspace = "bench";
      Long rows = null;
      Double locality = null;
      long seed = 42;
      String consistency = "ONE";
      boolean createSchema = false;
      int replicationFactor = 1;
      boolean truncate = false;
      boolean verify = false;
      for (int i = 0; i < argv.length; i++) {
        String a = argv[i];
        switch (a) {
          case "--createSchema" -> createSchema = true;
          case "--truncate" -> truncate = true;
          case "--verify" -> verify = true;
          case "--contactPoint", "--port", "--localDc", "--keyspace", "--rows", "--locality",
              "--seed", "--consistency", "--replicationFactor" -> {
            if (i + 1 >= argv.length) {
              throw new IllegalArgumentException(a + " needs a value");
            }
            String v = argv[++i];
            switch (a) {
              case "--contactPoint" -> Arrays.stream(v.split(",")).map(String::trim)
                  .filter(s -> !s.isEmpty()).forEach(contactPoints::add);
              case "--port" -> port = Integer.parseInt(v);
              case "--localDc" -> localDc = v;
              case "--keyspace" -> keyspace = v;
              case "--rows" -> rows = Long.parseLong(v);
              case "--locality" -> locality = Double.parseDouble(v);
              case "--seed" -> seed = Long.parseLong(v);
              case "--consistency" -> consistency = v.toUpperCase(Locale.ROOT);
              case "--replicationFactor" -> replicationFactor = Integer.parseInt(v);
              default -> throw new AssertionError(a);
            }
          }
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      if (contactPoints.isEmpty()) {
        contactPoints.add("127.0.0.1");
      }
      if (rows == null || locality == null) {
        throw new IllegalArgumentException("--rows and --locality are required");
      }
      if (!keyspace.equals("bench")) {
        // The entity's @Table names keyspace "bench"; the driver-3 mapper would write there.
        throw new IllegalArgumentException("--keyspace must be bench (EventEntity's @Table), was " + keyspace);
      }
      ConsistencyLevel.valueOf(consistency); // fails early on a typo
      return new Args(List.copyOf(contactPoints), port, localDc, keyspace, rows, locality, seed,
          consistency, createSchema, replicationFactor, truncate, verify);
    }
  }

  public static void main(String[] argv) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    // stdout carries exactly one JSON line: whatever a library prints goes to stderr instead.
    PrintStream stdout = System.out;
    System.setOut(System.err);

    Args args;
    LocalityWorkload workload;
    try {
      args = Args.parse(argv);
      workload = new LocalityWorkload(args.rows(), args.locality(), args.seed());
    } catch (IllegalArgumentException e) {
      System.err.println("beam-cassandraio: " + e.getMessage());
      System.err.println("usage: BeamCassandraIOContender --contactPoint 127.0.0.1[,127.0.0.2] --port 9042"
          + " --localDc datacenter1 --keyspace bench --rows N --locality L --seed S"
          + " --consistency ONE|QUORUM [--createSchema [--replicationFactor R]] [--truncate] [--verify]");
      System.exit(2);
      return;
    }

    int status;
    try {
      if (args.createSchema() || args.truncate()) {
        prepareTable(args);
      }
      double seconds = write(args, workload);
      StringBuilder json = new StringBuilder()
          .append("{\"rows\": ").append(args.rows())
          .append(", \"seconds\": ").append(String.format(Locale.ROOT, "%.3f", seconds));
      status = 0;
      if (args.verify()) {
        long[] check = verify(args, workload);
        json.append(", \"verified\": ").append(check[0])
            .append(", \"sampled\": ").append(check[1])
            .append(", \"sample_mismatches\": ").append(check[2]);
        if (check[0] != args.rows() || check[2] != 0) {
          System.err.printf("beam-cassandraio: verification failed: %d rows stored of %d, %d of %d sampled rows differ%n",
              check[0], args.rows(), check[2], check[1]);
          status = 3;
        }
      }
      stdout.println(json.append('}'));
      stdout.flush();
    } catch (Throwable t) {
      System.err.println("beam-cassandraio: failed");
      t.printStackTrace(System.err);
      status = 1;
    }
    // Beam's DirectRunner and driver 3 may leave non-daemon threads behind.
    System.exit(status);
  }

  /** Builds the pipeline and returns the wall time of run().waitUntilFinish() in seconds. */
  static double write(Args args, LocalityWorkload workload) {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    Pipeline pipeline = Pipeline.create(options);
    List<Long> runs = LongStream.range(0, workload.runs()).boxed().toList();
    pipeline
        .apply("Runs", Create.of(runs))
        .apply("Rows", FlatMapElements.into(TypeDescriptor.of(Event.class))
            .via((Long run) -> workload.run(run)))
        .setCoder(EventCoder.of())
        .apply("ToEntity", MapElements.into(TypeDescriptor.of(EventEntity.class))
            .via(EventEntity::of))
        .setCoder(EventEntityCoder.of())
        .apply("Write", CassandraIO.<EventEntity>write()
            .withHosts(args.contactPoints())
            .withPort(args.port())
            .withKeyspace(args.keyspace())
            .withLocalDc(args.localDc())
            .withConsistencyLevel(args.consistency())
            .withEntity(EventEntity.class));
    long start = System.nanoTime();
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("pipeline ended in state " + state);
    }
    return seconds;
  }

  private static Cluster cluster(Args args, ConsistencyLevel consistency) {
    return Cluster.builder()
        .addContactPoints(args.contactPoints().toArray(new String[0]))
        .withPort(args.port())
        .withLoadBalancingPolicy(new TokenAwarePolicy(
            DCAwareRoundRobinPolicy.builder().withLocalDc(args.localDc()).build()))
        .withQueryOptions(new QueryOptions().setConsistencyLevel(consistency))
        .withSocketOptions(new SocketOptions().setReadTimeoutMillis(60_000))
        .withoutJMXReporting()
        .build();
  }

  /** --createSchema and/or --truncate, before the timed part. */
  static void prepareTable(Args args) {
    try (Cluster cluster = cluster(args, ConsistencyLevel.ONE); Session session = cluster.connect()) {
      if (args.createSchema()) {
        session.execute(String.format(Locale.ROOT,
            "CREATE KEYSPACE IF NOT EXISTS %s WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': %d}",
            args.keyspace(), args.replicationFactor()));
        session.execute(String.format(Locale.ROOT,
            "CREATE TABLE IF NOT EXISTS %s.events (sensor_id text, ts bigint, value double, "
                + "payload text, PRIMARY KEY (sensor_id, ts))", args.keyspace()));
        if (!cluster.getMetadata().checkSchemaAgreement()) {
          System.err.println("beam-cassandraio: warning: schema not yet agreed by every node");
        }
      }
      if (args.truncate()) {
        // TRUNCATE needs every replica up and can take a while on a busy node.
        session.execute(new SimpleStatement("TRUNCATE " + args.keyspace() + ".events")
            .setReadTimeoutMillis(120_000));
      }
    }
  }

  /** Returns {rows in the table, rows sampled, sampled rows that differ from the workload}. */
  static long[] verify(Args args, LocalityWorkload workload) {
    ConsistencyLevel consistency = ConsistencyLevel.valueOf(args.consistency());
    try (Cluster cluster = cluster(args, consistency); Session session = cluster.connect()) {
      // Page through the keys rather than count(*): no single long-running aggregate to time out.
      long count = 0;
      ResultSet all = session.execute(new SimpleStatement(
          "SELECT sensor_id, ts FROM " + args.keyspace() + ".events").setFetchSize(5000));
      for (Row ignored : all) {
        count++;
      }
      PreparedStatement select = session.prepare(
          "SELECT value, payload FROM " + args.keyspace() + ".events WHERE sensor_id = ? AND ts = ?");
      long sampled = 0;
      long mismatches = 0;
      long step = Math.max(1, args.rows() / SAMPLE);
      for (long index = 0; index < args.rows() && sampled < SAMPLE; index += step) {
        Event expected = workload.run(index / LocalityWorkload.RUN).get((int) (index % LocalityWorkload.RUN));
        Row row = session.execute(select.bind(expected.sensorId(), expected.ts())).one();
        sampled++;
        if (row == null || Double.compare(row.getDouble("value"), expected.value()) != 0
            || !expected.payload().equals(row.getString("payload"))) {
          mismatches++;
          if (mismatches <= 3) {
            System.err.println("beam-cassandraio: sample mismatch: expected " + expected + ", stored "
                + (row == null ? "nothing" : row));
          }
        }
      }
      return new long[] {count, sampled, mismatches};
    }
  }
}
