package io.cassandraio;

import static org.junit.Assert.assertThrows;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.DelegateCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.Row;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every bad input of {@code docs/bad-inputs.md} detected at {@code construction} (the {@code
 * withX} call throws) or {@code apply} (applying the write throws), produced here without a
 * cluster: the error must carry the documented message. One test per id; an id in the doc without
 * a case here, or a case here without an entry in the doc, fails. (The entries detected later are
 * checked by integration-tests' {@code BadInputsIT}.)
 */
@RunWith(Parameterized.class)
public class BadInputsTest {
  private static final Map<String, ThrowingRunnable> CASES = cases();

  @Parameters(name = "{0}")
  public static List<Object[]> ids() {
    return BadInputsDoc.ids(BadInputsTest.class, CASES.keySet());
  }

  @Parameter public String id;

  @Test
  public void errorCarriesTheDocumentedMessage() {
    BadInputsDoc.Entry entry = BadInputsDoc.entryToCheck(id, CASES.containsKey(id), getClass());
    Throwable error = assertThrows(entry.where() + ": no error", Throwable.class, CASES.get(id));
    entry.assertMatchesOneOf(BadInputsDoc.messagesOf(error));
  }

  // ---- the cases -------------------------------------------------------------------------------

  private static final CassandraConnection CONNECTION = CassandraConnection.create()
      .withContactPoints("10.0.0.5").withLocalDatacenter("dc1").withKeyspace("shop");
  private static final String CQL = "INSERT INTO shop.items (id, name) VALUES (?, ?)";
  private static final Schema ITEM = Schema.builder().addStringField("id").addStringField("name").build();

  /** A handler as a user has one: registered on a pipeline, with a sink, still open. */
  static ErrorHandler<BadRecord, ?> openHandler() {
    return Pipeline.create().registerBadRecordErrorHandler(new PTransform<PCollection<BadRecord>, PDone>() {
      @Override
      public PDone expand(PCollection<BadRecord> records) {
        return PDone.in(records.getPipeline());
      }
    });
  }

  private static CassandraIO.Write<String> cqlWrite() {
    return CassandraIO.<String>write().withConnection(CONNECTION)
        .withStatement(CQL, (e, b) -> b.setString(0, e).setString(1, e).build());
  }

  private static CassandraIO.Write<String> keyspacesWrite() {
    return CassandraIO.<String>write()
        .withConnection(CassandraConnection.forAmazonKeyspaces("eu-west-1").withKeyspace("shop")
            .withCredentials("alice-at-111122223333", "service-password"))
        .withStatement(CQL, (e, b) -> b.setString(0, e).setString(1, e).build());
  }

  /** A valid PKCS12 store without entries, as bytes. */
  private static byte[] emptyStore(String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, password.toCharArray());
    return out.toByteArray();
  }

  /** Built when a case runs: CASES is initialised before the constants below it. */
  private static CassandraIO.Read<Row> itemsRead() {
    return CassandraIO.read().withConnection(CONNECTION).withTable("items");
  }

  private static PCollection<String> strings() {
    return Pipeline.create().apply(Create.of("a", "b").withCoder(StringUtf8Coder.of()));
  }

  private static PCollection<Row> rows() {
    return Pipeline.create().apply(Create.of(Row.withSchema(ITEM).addValues("i1", "lamp").build()).withRowSchema(ITEM));
  }

  private static PCollection<MicroBatch<String>> microBatches(boolean withMicroBatchCoder) {
    MicroBatch<String> batch = new MicroBatch<>(new BatchId("s", "e", 0, 0), 0L, List.of("a"));
    MicroBatchCoder<String> coder = MicroBatchCoder.of(StringUtf8Coder.of());
    return Pipeline.create().apply(Create.of(List.of(batch)).withCoder(withMicroBatchCoder ? coder
        : DelegateCoder.<MicroBatch<String>, MicroBatch<String>>of(coder, b -> b, b -> b)));
  }

  /** A consistency level the driver's enum does not know (a custom implementation). */
  private static final ConsistencyLevel CUSTOM_LEVEL = new ConsistencyLevel() {
    @Override
    public int getProtocolCode() {
      return 0x42;
    }

    @Override
    public String name() {
      return "ALMOST_ALL";
    }

    @Override
    public boolean isDcLocal() {
      return false;
    }

    @Override
    public boolean isSerial() {
      return false;
    }
  };

  private static Map<String, ThrowingRunnable> cases() {
    Map<String, ThrowingRunnable> c = new LinkedHashMap<>() {
      @Override
      public ThrowingRunnable put(String id, ThrowingRunnable run) {
        if (containsKey(id)) {
          throw new IllegalStateException("two cases for " + id);
        }
        return super.put(id, run);
      }
    };
    // CassandraConnection
    c.put("connection-contact-point-port", () -> CassandraConnection.create().withContactPoints("db1:99999"));
    c.put("connection-contact-point-blank", () -> CassandraConnection.create().withContactPoints("db1", " "));
    c.put("connection-no-contact-point-given", () -> CassandraConnection.create().withContactPoints());
    c.put("connection-blank-datacenter", () -> CassandraConnection.create().withLocalDatacenter(""));
    c.put("connection-blank-keyspace", () -> CassandraConnection.create().withKeyspace(" "));
    c.put("connection-blank-username", () -> CassandraConnection.create().withCredentials("", "secret"));
    c.put("connection-null-password", () -> CassandraConnection.create().withCredentials("writer", null));
    c.put("connection-no-contact-points", () -> strings().apply(CassandraIO.<String>write()
        .withConnection(CassandraConnection.create().withLocalDatacenter("dc1"))
        .withStatement(CQL, (e, b) -> b.build())));
    c.put("connection-no-datacenter", () -> strings().apply(CassandraIO.<String>write()
        .withConnection(CassandraConnection.create().withContactPoints("10.0.0.5"))
        .withStatement(CQL, (e, b) -> b.build())));
    // CassandraIO.write(): what to write
    c.put("write-no-connection", () -> strings().apply(CassandraIO.<String>write()
        .withStatement(CQL, (e, b) -> b.build())));
    c.put("write-no-statement", () -> strings().apply(CassandraIO.<String>write().withConnection(CONNECTION)));
    c.put("write-two-ways-in", () -> cqlWrite().withRows("items"));
    c.put("write-blank-cql", () -> CassandraIO.<String>write().withStatement(" ", (e, b) -> b.build()));
    c.put("write-null-option", () -> cqlWrite().withGrouping(null));
    c.put("write-rows-bad-table-name", () -> CassandraIO.<Row>write().withRows("shop.order items"));
    c.put("write-rows-no-table-name", () -> CassandraIO.<Row>write().withRows(""));
    c.put("write-rows-no-schema", () -> strings().apply(CassandraIO.<String>write().withConnection(CONNECTION)
        .withRows("items")));
    c.put("write-rows-no-keyspace", () -> rows().apply(CassandraIO.<Row>write()
        .withConnection(CassandraConnection.create().withContactPoints("10.0.0.5").withLocalDatacenter("dc1"))
        .withRows("items")));
    c.put("schemaof-no-keyspace", () -> CassandraIO.schemaOf(
        CassandraConnection.create().withContactPoints("10.0.0.5").withLocalDatacenter("dc1"), "items"));
    c.put("error-handler-fail-mode", () -> cqlWrite().withErrorHandler(openHandler())
        .withFailureMode(FailureMode.FAIL));
    c.put("error-handler-exactly-once", () -> cqlWrite().withExactlyOnce(ExactlyOnce.sinkId("views"))
        .withErrorHandler(openHandler()));
    c.put("error-handler-default", () -> cqlWrite().withErrorHandler(new ErrorHandler.DefaultErrorHandler<>()));
    c.put("error-handler-closed", () -> {
      ErrorHandler<BadRecord, ?> closed = openHandler();
      closed.close();
      cqlWrite().withErrorHandler(closed);
    });
    // CassandraIO.write(): limits
    c.put("write-batch-rows", () -> cqlWrite().withMaxBatchRows(0));
    c.put("write-batch-bytes", () -> cqlWrite().withMaxBatchBytes(60 * 1024));
    c.put("write-batch-partitions", () -> cqlWrite().withMaxPartitionsPerBatch(0));
    c.put("write-no-grouping-with-batch-limits", () -> strings().apply(cqlWrite().withGrouping(Grouping.NONE)
        .withMaxBatchRows(5)));
    c.put("write-in-flight-requests", () -> cqlWrite().withMaxInFlightRequests(0));
    c.put("write-in-flight-bytes", () -> cqlWrite().withMaxInFlightBytes(512));
    c.put("write-buffered-statements", () -> cqlWrite().withMaxBufferedStatements(0));
    c.put("write-max-attempts", () -> cqlWrite().withMaxAttempts(0));
    c.put("write-retry-backoff", () -> cqlWrite().withRetryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)));
    // CassandraIO.write(): per-statement options
    c.put("write-ttl-not-positive", () -> cqlWrite().withTtl(Duration.ZERO));
    c.put("write-ttl-too-long", () -> cqlWrite().withTtl(Duration.ofDays(365L * 21)));
    c.put("write-consistency-serial", () -> cqlWrite().withConsistencyLevel(DefaultConsistencyLevel.SERIAL));
    c.put("write-serial-consistency-not-serial",
        () -> cqlWrite().withSerialConsistencyLevel(DefaultConsistencyLevel.QUORUM));
    c.put("write-consistency-unknown", () -> cqlWrite().withConsistencyLevel(CUSTOM_LEVEL));
    // Amazon Keyspaces (service-specific credentials: the SigV4 plugin is not needed to build these writes)
    // TLS
    CassandraTls tls = CassandraTls.trustStore("/etc/cassandra/truststore.p12", "secret");
    c.put("tls-and-ssl", () -> CONNECTION.withTls(tls).withSsl(v -> null));
    c.put("tls-store-no-path", () -> tls.withKeyStore(" ", "secret"));
    c.put("tls-store-no-password", () -> CassandraTls.trustStore("/etc/cassandra/truststore.p12", null));
    c.put("tls-store-no-bytes", () -> CassandraTls.trustStore(new byte[0], "secret"));
    c.put("tls-store-bytes-unreadable", () -> tls.withKeyStore(emptyStore("one password"), "another password"));
    c.put("keyspaces-region", () -> CassandraConnection.forAmazonKeyspaces("US East"));
    c.put("keyspaces-batch-rows", () -> strings().apply(keyspacesWrite().withMaxBatchRows(50)));
    c.put("keyspaces-consistency", () -> strings().apply(keyspacesWrite()
        .withConsistencyLevel(DefaultConsistencyLevel.QUORUM)));
    c.put("keyspaces-exactly-once-consistency", () -> strings().apply(keyspacesWrite()
        .withExactlyOnce(ExactlyOnce.sinkId("views").withConsistencyLevel(DefaultConsistencyLevel.QUORUM))));
    // Exactly-once
    c.put("exactly-once-sink-id", () -> ExactlyOnce.sinkId("page views"));
    c.put("exactly-once-shards", () -> ExactlyOnce.sinkId("views").withShards(0));
    c.put("exactly-once-batch-elements", () -> ExactlyOnce.sinkId("views").withMaxBatchElements(0));
    c.put("exactly-once-batch-delay", () -> ExactlyOnce.sinkId("views").withMaxBatchDelay(Duration.ZERO));
    c.put("exactly-once-checkpoint-table", () -> ExactlyOnce.sinkId("views").withCheckpointTable("ckpt.batches-v2"));
    c.put("exactly-once-replication", () -> ExactlyOnce.sinkId("views").withReplication(Map.of("dc1", "3")));
    c.put("exactly-once-record-ttl", () -> ExactlyOnce.sinkId("views").withRecordTtl(Duration.ofSeconds(30)));
    c.put("exactly-once-report-mode", () -> strings().apply(cqlWrite().withFailureMode(FailureMode.REPORT)
        .withExactlyOnce(ExactlyOnce.sinkId("views"))));
    c.put("exactly-once-write-timestamp", () -> strings().apply(cqlWrite().withWriteTimestamp(1_000L)
        .withExactlyOnce(ExactlyOnce.sinkId("views"))));
    c.put("micro-batches-no-exactly-once", () -> microBatches(true).apply(cqlWrite().writeMicroBatches()));
    c.put("micro-batches-coder", () -> microBatches(false).apply(cqlWrite()
        .withExactlyOnce(ExactlyOnce.sinkId("views")).writeMicroBatches()));
    c.put("micro-batches-rows", () -> microBatches(true).apply(CassandraIO.<String>write().withConnection(CONNECTION)
        .withRows("items").withExactlyOnce(ExactlyOnce.sinkId("views")).writeMicroBatches()));
    // CassandraIO.read()
    c.put("read-no-connection", () -> Pipeline.create().apply(CassandraIO.read().withTable("shop.items")));
    c.put("read-no-table", () -> Pipeline.create().apply(CassandraIO.read().withConnection(CONNECTION)));
    c.put("read-no-keyspace", () -> Pipeline.create().apply(CassandraIO.read().withTable("items")
        .withConnection(CassandraConnection.create().withContactPoints("10.0.0.5").withLocalDatacenter("dc1"))));
    c.put("read-bad-table-name", () -> CassandraIO.read().withTable("shop.order items"));
    c.put("read-no-columns", () -> itemsRead().withColumns());
    c.put("read-blank-column", () -> itemsRead().withColumns("id", " "));
    c.put("read-duplicate-column", () -> itemsRead().withColumns("id", "name", "id"));
    c.put("read-consistency", () -> itemsRead().withConsistencyLevel(DefaultConsistencyLevel.SERIAL));
    c.put("read-num-splits", () -> itemsRead().withNumSplits(0));
    c.put("read-page-size", () -> itemsRead().withPageSize(0));
    c.put("read-concurrent-pages", () -> itemsRead().withMaxConcurrentPages(0));
    c.put("read-max-attempts", () -> itemsRead().withMaxAttempts(0));
    c.put("read-keyspaces-consistency", () -> Pipeline.create().apply(CassandraIO.read().withTable("shop.items")
        .withConnection(CassandraConnection.forAmazonKeyspaces("eu-west-1")
            .withCredentials("alice-at-111122223333", "service-password"))
        .withConsistencyLevel(DefaultConsistencyLevel.QUORUM)));
    return c;
  }
}
