package io.cassandraio.examples;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraTls;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.Grouping;
import io.cassandraio.examples.turbine.TurbineAggregatedRecord;
import io.cassandraio.examples.turbine.TurbineDao;
import io.cassandraio.examples.turbine.TurbineMapperBuilder;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import io.cassandraio.localflink.FlinkClusterRule;
import io.cassandraio.localflink.FlinkClusterSpec;
import io.cassandraio.localflink.LocalFlinkCluster;
import java.io.IOException;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import java.math.BigDecimal;
import java.util.UUID;
import java.time.LocalDate;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.schemas.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import io.cassandraio.FailureMode;
import io.cassandraio.WriteResult;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The README's Java blocks, compiled. Each block sits between a {@code // README block} and an
 * {@code // end} line; {@link ReadmeSnippetsTest} checks that the README shows exactly these lines,
 * so a README example that no longer compiles fails the build.
 */
@SuppressWarnings("unused") // compiled, never run
final class ReadmeSnippets {
  private ReadmeSnippets() {}

  static void writingToCassandra(PCollection<TurbineAggregatedRecord> stats) {
    // README block
    stats.apply(CassandraIO.<TurbineAggregatedRecord>write()
        .withConnection(CassandraConnection.create()       // serializable; one CqlSession per worker JVM
            .withContactPoints("10.0.0.5:9042", "10.0.0.6:9042")
            .withLocalDatacenter("dc1")
            .withKeyspace("sensor_data"))
        .withEntity(TurbineAggregatedRecord.class,
            session -> new TurbineMapperBuilder(session).build().turbineDao("sensor_data"), // once per session
            TurbineDao::save)                      // @Insert BoundStatement save(TurbineAggregatedRecord r)
        .withGrouping(Grouping.AUTO)
        .withConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM));
    // end
  }

  static void failedWrites(Pipeline pipeline, PCollection<KV<String, Long>> counts, CassandraConnection connection,
      PTransform<PCollection<BadRecord>, PDone> deadLetterSink) {
    // README block
    CassandraIO.Write<KV<String, Long>> write = CassandraIO.<KV<String, Long>>write()
        .withConnection(connection)
        .withStatement("INSERT INTO shop.totals (page, views) VALUES (?, ?)",
            (kv, b) -> b.setString(0, kv.getKey()).setLong(1, kv.getValue()).build());

    // Either: the failed elements as a PCollection of this library's FailedWrite ...
    WriteResult<KV<String, Long>> result = counts.apply(write.withFailureMode(FailureMode.REPORT));
    result.getFailedWrites().apply(MapElements.into(TypeDescriptors.strings())
        .via(f -> f.getElement().getKey() + (f.isOutcomeUnknown() ? " may have been written: " : " not written: ")
            + f.getErrorMessage()));

    // ... or: Beam's dead-letter API, shared with the pipeline's other IOs.
    try (BadRecordErrorHandler<PDone> handler = pipeline.registerBadRecordErrorHandler(deadLetterSink)) {
      counts.apply(write.withErrorHandler(handler));
    }
    // end
  }

  static void tlsAndAuthentication() throws IOException {
    // README block
    CassandraConnection secured = CassandraConnection.create()
        .withContactPoints("10.0.0.5:9042", "10.0.0.6:9042")
        .withLocalDatacenter("dc1")
        .withKeyspace("sensor_data")
        .withCredentials("writer", System.getenv("CASSANDRA_PASSWORD"))
        .withTls(CassandraTls.trustStore("/etc/cassandra/truststore.p12",       // the CA; read on each worker
                System.getenv("TRUSTSTORE_PASSWORD"))
            .withKeyStore(Files.readAllBytes(Path.of("client.p12")),          // bytes: travel with the pipeline
                System.getenv("KEYSTORE_PASSWORD")));                         // only if nodes require client certificates
    // end
  }

  static Row schemaOf(CassandraConnection connection) {
    // README block
    Schema schema = CassandraIO.schemaOf(connection, "shop.orders"); // asks the cluster once
    Row order = Row.withSchema(schema)
        .withFieldValue("day", LocalDate.of(2026, 6, 1))      // date: SqlTypes.DATE
        .withFieldValue("id", UUID.randomUUID())               // uuid: UuidLogicalType
        .withFieldValue("total", new BigDecimal("12.50"))      // decimal
        .build();
    // end
    return order;
  }

  static void reading(Pipeline pipeline, CassandraConnection connection) {
    // README block
    PCollection<Row> stats = pipeline.apply(CassandraIO.read()
        .withConnection(CassandraConnection.create()
            .withContactPoints("127.0.0.1:9042")
            .withLocalDatacenter("datacenter1"))
        .withTable("sensor_data.turbine_aggregated_sensor_data")    // or the table alone with withKeyspace
        .withColumns("turbineid", "reported_time", "max_speed")     // default: every column
        .withConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)); // default: the driver's, LOCAL_ONE

    PCollection<String> ids = pipeline.apply(CassandraIO.read()
        .withConnection(connection).withTable("sensor_data.turbine_aggregated_sensor_data")
        .withRowMapper(row -> row.getString("turbineid"), StringUtf8Coder.of()));

    PCollection<TurbineAggregatedRecord> entities = pipeline.apply(CassandraIO.read()
        .withConnection(connection).withTable("sensor_data.turbine_aggregated_sensor_data")
        .withEntity(TurbineAggregatedRecord.class,
            session -> new TurbineMapperBuilder(session).build().turbineDao("sensor_data"), // once per session
            TurbineDao::asRecord,                        // @GetEntity TurbineAggregatedRecord asRecord(Row row)
            SerializableCoder.of(TurbineAggregatedRecord.class)));
    // end
  }

  static void exactlyOnce(PCollection<KV<String, Long>> counts, CassandraConnection connection) {
    // README block
    counts.apply(CassandraIO.<KV<String, Long>>write()
        .withConnection(connection)
        .withStatement("UPDATE shop.page_views SET views = views + ? WHERE page = ?",
            (kv, b) -> b.setLong(0, kv.getValue()).setString(1, kv.getKey()).build())
        .withExactlyOnce(ExactlyOnce.sinkId("page-views")           // stable name of this write
            .withCheckpointTable("cassandraio.committed_batches")  // the defaults
            .withReplication(Map.of("class", "NetworkTopologyStrategy", "dc1", "3"))));
    // end
  }

  static void amazonKeyspaces(PCollection<TurbineAggregatedRecord> stats) {
    // README block
    stats.apply(CassandraIO.<TurbineAggregatedRecord>write()
        .withConnection(CassandraConnection.forAmazonKeyspaces("us-east-1") // cassandra.us-east-1.amazonaws.com:9142
            .withKeyspace("sensor_data"))                  // SigV4 with the AWS SDK's default credentials
        .withEntity(TurbineAggregatedRecord.class,
            session -> new TurbineMapperBuilder(session).build().turbineDao("sensor_data"),
            TurbineDao::save));
    // end
  }

  static void localCluster() throws Exception {
    // README block
    try (LocalCluster cluster = LocalCluster.start(ClusterSpec.nodes(3))) {
      try (CqlSession session = CqlSession.builder()
          .addContactPoints(cluster.contactPoints())
          .withLocalDatacenter(cluster.localDatacenter())
          .build()) {
        cluster.kill(2);     // SIGKILL node 2 by PID
        cluster.restart(2);  // same data and token; waits until every node sees it UP
      }
    }
    // end
  }

  /** The local Flink cluster's block: a rule and a test method, as in a test class of one's own. */
  static final class LocalFlinkClusterExample {
    // README block
    @ClassRule public static final FlinkClusterRule FLINK =
        new FlinkClusterRule(FlinkClusterSpec.defaults().withHost("127.0.40.1"));

    @Test
    public void restoresFromASavepoint() {
      Path jar = Path.of("examples/target/examples-0.1.0-SNAPSHOT-job.jar");
      LocalFlinkCluster flink = FLINK.cluster();
      String job = flink.submit(jar, "com.example.Main", List.of("--runner=FlinkRunner"), 2, null);
      flink.awaitJobState(job, Duration.ofSeconds(60), "RUNNING");
      flink.killTaskManager(1);     // SIGKILL; Flink restarts the job (fixed-delay) from its last checkpoint
      flink.restartTaskManager(1);
      String savepoint = flink.stopWithSavepoint(job, Duration.ofSeconds(60));
      flink.submit(jar, "com.example.Main", List.of("--runner=FlinkRunner"), 2, savepoint);
    }
    // end
  }
}
