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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cassandraio.bench.workload.Event;
import io.cassandraio.bench.workload.EventCoder;
import io.cassandraio.bench.workload.LocalityWorkload;
import java.io.PrintStream;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

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
  private static final ObjectMapper JSON = new ObjectMapper();

  private BeamCassandraIOContender() {}

  /** The command line (picocli): options as the harness passes them. */
  @Command(name = "BeamCassandraIOContender", mixinStandardHelpOptions = true,
      description = "Writes the benchmark workload with Beam's own CassandraIO (driver 3).")
  static final class Args {
    @Option(names = "--contactPoint", split = ",", defaultValue = "127.0.0.1",
        description = "Contact point(s), comma-separated or repeated.")
    List<String> contactPoints;

    @Option(names = "--port", defaultValue = "9042") int port;

    @Option(names = "--localDc", defaultValue = "datacenter1") String localDc;

    @Option(names = "--keyspace", defaultValue = "bench",
        description = "Must be bench: EventEntity's @Table names it, and the driver-3 mapper writes there.")
    String keyspace;

    @Option(names = "--rows", required = true) long rows;

    @Option(names = "--locality", required = true) double locality;

    @Option(names = "--seed", defaultValue = "42") long seed;

    @Option(names = "--consistency", defaultValue = "ONE", converter = ConsistencyConverter.class)
    ConsistencyLevel consistency;

    @Option(names = "--createSchema") boolean createSchema;

    @Option(names = "--replicationFactor", defaultValue = "1") int replicationFactor;

    @Option(names = "--truncate") boolean truncate;

    @Option(names = "--verify") boolean verify;

    /** Parses {@code argv}; a bad argument throws a {@link ParameterException} naming it. */
    static Args parse(String[] argv) {
      Args args = new Args();
      CommandLine line = new CommandLine(args);
      line.parseArgs(argv);
      if (!args.keyspace.equals("bench")) {
        throw new ParameterException(line, "--keyspace must be bench (EventEntity's @Table), was " + args.keyspace);
      }
      return args;
    }
  }

  /** Case-insensitive, and a typo fails at parse time naming the values. */
  static final class ConsistencyConverter implements CommandLine.ITypeConverter<ConsistencyLevel> {
    @Override
    public ConsistencyLevel convert(String value) {
      return ConsistencyLevel.valueOf(value.toUpperCase(Locale.ROOT));
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
      workload = new LocalityWorkload(args.rows, args.locality, args.seed);
    } catch (ParameterException e) {
      System.err.println("beam-cassandraio: " + e.getMessage());
      e.getCommandLine().usage(System.err);
      System.exit(2);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("beam-cassandraio: " + e.getMessage());
      System.exit(2);
      return;
    }

    int status;
    try {
      if (args.createSchema || args.truncate) {
        prepareTable(args);
      }
      double seconds = write(args, workload);
      ObjectNode json = JSON.createObjectNode()
          .put("rows", args.rows)
          .put("seconds", Math.round(seconds * 1000) / 1000.0);
      status = 0;
      if (args.verify) {
        long[] check = verify(args, workload);
        json.put("verified", check[0]).put("sampled", check[1]).put("sample_mismatches", check[2]);
        if (check[0] != args.rows || check[2] != 0) {
          System.err.printf("beam-cassandraio: verification failed: %d rows stored of %d, %d of %d sampled rows differ%n",
              check[0], args.rows, check[2], check[1]);
          status = 3;
        }
      }
      stdout.println(JSON.writeValueAsString(json));
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
            .withHosts(args.contactPoints)
            .withPort(args.port)
            .withKeyspace(args.keyspace)
            .withLocalDc(args.localDc)
            .withConsistencyLevel(args.consistency.name())
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
        .addContactPoints(args.contactPoints.toArray(new String[0]))
        .withPort(args.port)
        .withLoadBalancingPolicy(new TokenAwarePolicy(
            DCAwareRoundRobinPolicy.builder().withLocalDc(args.localDc).build()))
        .withQueryOptions(new QueryOptions().setConsistencyLevel(consistency))
        .withSocketOptions(new SocketOptions().setReadTimeoutMillis(60_000))
        .withoutJMXReporting()
        .build();
  }

  /** --createSchema and/or --truncate, before the timed part. */
  static void prepareTable(Args args) {
    try (Cluster cluster = cluster(args, ConsistencyLevel.ONE); Session session = cluster.connect()) {
      if (args.createSchema) {
        session.execute(String.format(Locale.ROOT,
            "CREATE KEYSPACE IF NOT EXISTS %s WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': %d}",
            args.keyspace, args.replicationFactor));
        session.execute(String.format(Locale.ROOT,
            "CREATE TABLE IF NOT EXISTS %s.events (sensor_id text, ts bigint, value double, "
                + "payload text, PRIMARY KEY (sensor_id, ts))", args.keyspace));
        if (!cluster.getMetadata().checkSchemaAgreement()) {
          System.err.println("beam-cassandraio: warning: schema not yet agreed by every node");
        }
      }
      if (args.truncate) {
        // TRUNCATE needs every replica up and can take a while on a busy node.
        session.execute(new SimpleStatement("TRUNCATE " + args.keyspace + ".events")
            .setReadTimeoutMillis(120_000));
      }
    }
  }

  /** Returns {rows in the table, rows sampled, sampled rows that differ from the workload}. */
  static long[] verify(Args args, LocalityWorkload workload) {
    ConsistencyLevel consistency = args.consistency;
    try (Cluster cluster = cluster(args, consistency); Session session = cluster.connect()) {
      // Page through the keys rather than count(*): no single long-running aggregate to time out.
      long count = 0;
      ResultSet all = session.execute(new SimpleStatement(
          "SELECT sensor_id, ts FROM " + args.keyspace + ".events").setFetchSize(5000));
      for (Row ignored : all) {
        count++;
      }
      PreparedStatement select = session.prepare(
          "SELECT value, payload FROM " + args.keyspace + ".events WHERE sensor_id = ? AND ts = ?");
      long sampled = 0;
      long mismatches = 0;
      long step = Math.max(1, args.rows / SAMPLE);
      for (long index = 0; index < args.rows && sampled < SAMPLE; index += step) {
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
