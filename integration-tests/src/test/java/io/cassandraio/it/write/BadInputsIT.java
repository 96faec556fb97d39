package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.BadInputsDoc;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.FailedWrite;
import io.cassandraio.FailureMode;
import io.cassandraio.it.support.FlinkJobs;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every bad input of {@code docs/bad-inputs.md} that this class checks (detected at {@code run},
 * {@code setup} or per {@code element}, and the ones marked {@code (BadInputsIT)}), produced
 * against the shared Cassandra node: the error must carry the documented message. One test per
 * id; an id in the doc without a case here, or a case here without an entry in the doc, fails.
 * (io-cassandra's {@code BadInputsTest} checks the construction and apply entries.)
 *
 * <p>Three kinds of case, to keep this cheap: a {@link Failing} case builds and runs a pipeline of
 * its own on the DirectRunner that must fail (setup errors, FAIL mode, and apply-time errors that
 * need this module's classpath); a {@link Refused} case is a Flink pipeline that {@code run()}
 * refuses before starting anything; a {@link Reported} case adds one bad element with its write
 * in REPORT mode to a single pipeline shared by all of them, run once, and must come out as
 * exactly one {@link FailedWrite} with the documented message.
 */
@RunWith(Parameterized.class)
public class BadInputsIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_bad_inputs")
      .withTable("kv", "k text PRIMARY KEY, v text, id uuid")
      .withTable("counts", "k text PRIMARY KEY, n counter")
      .withTable("with_vector", "k text PRIMARY KEY, words vector<text, 2>")
      .withSetup((session, keyspace) -> session.execute(SimpleStatement.newInstance("CREATE TYPE " + keyspace
          + ".address (street text, zip int, id uuid)").setTimeout(Duration.ofSeconds(60))))
      .withTable("typed", "k text PRIMARY KEY, addr frozen<address>, pos tuple<int, int>, tags list<text>, "
          + "attrs map<text, int>, code ascii, ip inet, n varint, emb vector<float, 3>, day date, tid timeuuid, span duration");

  private static final String KV = "INSERT INTO kv (k, v) VALUES (?, ?)";
  private static final Schema KV_ROW = Schema.builder().addStringField("k").addStringField("v").build();
  /** Nothing listens here (a block reserved for this test suite): writes to it must never get as far as connecting. */
  private static final CassandraConnection NOWHERE = CassandraConnection.create()
      .withContactPoints("127.0.45.9:9042").withLocalDatacenter("datacenter1");

  private sealed interface Case permits Failing, Refused, Reported {}

  /** A pipeline of its own on the DirectRunner, which must fail when it is built or run. */
  private record Failing(Consumer<Pipeline> build) implements Case {}

  /** A Flink pipeline that {@code run()} must refuse before any job starts. */
  private record Refused(FlinkPipelineOptions options) implements Case {}

  /** A write in REPORT mode of one bad element, in the shared pipeline; returns its failed writes. */
  private record Reported(Function<Pipeline, PCollection<? extends FailedWrite<?>>> build) implements Case {
    @SuppressWarnings("unchecked")
    PCollection<FailedWrite<?>> failures(Pipeline p) {
      return (PCollection<FailedWrite<?>>) (PCollection<?>) build.apply(p);
    }
  }

  private static final Map<String, Case> CASES = cases();

  @Parameters(name = "{0}")
  public static List<Object[]> ids() {
    return BadInputsDoc.ids(BadInputsIT.class, CASES.keySet());
  }

  @Parameter public String id;

  @Test
  public void errorCarriesTheDocumentedMessage() throws Throwable {
    BadInputsDoc.Entry entry = BadInputsDoc.entryToCheck(id, CASES.containsKey(id), getClass());
    Case c = CASES.get(id);
    List<String> messages;
    if (c instanceof Failing failing) {
      Pipeline p = Pipeline.create(directOptions());
      messages = BadInputsDoc.messagesOf(assertThrows(entry.where() + ": the pipeline did not fail", Throwable.class,
          () -> {
            failing.build().accept(p); // an apply-time error is thrown here
            p.run().waitUntilFinish();
          }));
    } else if (c instanceof Refused refused) {
      messages = BadInputsDoc.messagesOf(refusal(refused.options()));
    } else {
      List<String> reported = reported(id);
      assertEquals(entry.where() + ": one FailedWrite expected, got " + reported, 1, reported.size());
      messages = reported;
    }
    entry.assertMatchesOneOf(messages);
  }

  // ---- the cases -------------------------------------------------------------------------------

  private static Map<String, Case> cases() {
    Map<String, Case> c = new LinkedHashMap<>() {
      @Override
      public Case put(String id, Case kind) {
        if (containsKey(id)) {
          throw new IllegalStateException("two cases for " + id);
        }
        return super.put(id, kind);
      }
    };
    // the connection
    c.put("setup-unreachable", failing(p -> strings(p).apply(cql(KV).withConnection(NOWHERE.withKeyspace("ks")))));
    c.put("setup-unknown-keyspace", failing(p -> strings(p).apply(cql(KV)
        .withConnection(SharedCassandra.connection().withKeyspace("it_no_such_keyspace")))));
    c.put("setup-wrong-datacenter", failing(p -> strings(p).apply(cql(KV)
        .withConnection(KEYSPACE.connection().withLocalDatacenter("dc1")))));
    c.put("setup-config-file-missing", failing(p -> strings(p).apply(cql(KV)
        .withConnection(KEYSPACE.connection().withConfigFile("/nonexistent/cassandraio-bad-inputs.conf")))));
    c.put("setup-unknown-profile", failing(p -> strings(p).apply(cql(KV)
        .withConnection(KEYSPACE.connection().withExecutionProfile("bulk")))));
    // Amazon Keyspaces: this module does not have AWS's optional SigV4 plugin on its classpath, as a user who forgot it
    c.put("keyspaces-sigv4-missing", failing(p -> strings(p).apply(cql(KV)
        .withConnection(CassandraConnection.forAmazonKeyspaces("eu-west-1").withKeyspace("shop")))));
    // statements and tables
    c.put("setup-cql-unknown-table", failing(p -> strings(p).apply(cql("INSERT INTO no_such_table (k, v) VALUES (?, ?)")
        .withConnection(KEYSPACE.connection()))));
    c.put("setup-cql-syntax", failing(p -> strings(p).apply(cql("INSERT INTO kv (k v) VALUES (?, ?)")
        .withConnection(KEYSPACE.connection()))));
    c.put("setup-cql-unknown-column", failing(p -> strings(p).apply(cql("INSERT INTO kv (k, colour) VALUES (?, ?)")
        .withConnection(KEYSPACE.connection()))));
    c.put("setup-ttl-no-marker", failing(p -> strings(p).apply(cql(KV).withConnection(KEYSPACE.connection())
        .withTtl(Duration.ofMinutes(5)).withFailureMode(FailureMode.REPORT))));
    c.put("setup-timestamp-on-counter", failing(p -> strings(p).apply(CassandraIO.<String>write()
        .withConnection(KEYSPACE.connection())
        .withStatement("UPDATE counts SET n = n + ? WHERE k = ?", (e, b) -> b.setLong(0, 1L).setString(1, e).build())
        .withWriteTimestamp(1_000L))));
    c.put("setup-rows-unknown-table", failing(p -> rows(p, KV_ROW, "k", "v").apply(rowWrite("no_such_table"))));
    c.put("setup-rows-unknown-field", failing(p -> rows(p,
        Schema.builder().addStringField("k").addStringField("colour").build(), "k", "red").apply(rowWrite("kv"))));
    c.put("setup-rows-type-mismatch", failing(p -> rows(p,
        Schema.builder().addStringField("k").addInt32Field("v").build(), "k", 42).apply(rowWrite("kv"))));
    c.put("setup-rows-missing-key", failing(p -> rows(p,
        Schema.builder().addStringField("v").build(), "v").apply(rowWrite("kv"))));
    c.put("setup-rows-two-fields-one-column", failing(p -> rows(p,
        Schema.builder().addStringField("k").addStringField("v").addStringField("V").build(), "k", "v", "V")
        .apply(rowWrite("kv"))));
    c.put("setup-rows-counter-table", failing(p -> rows(p,
        Schema.builder().addStringField("k").addInt64Field("n").build(), "k", 1L).apply(rowWrite("counts"))));
    // Rows and CQL types
    c.put("schemaof-unknown-keyspace", failing(p -> CassandraIO.schemaOf(SharedCassandra.connection(),
        "it_no_such_keyspace.t")));
    c.put("schemaof-unknown-table", failing(p -> CassandraIO.schemaOf(KEYSPACE.connection(), "no_such_table")));
    c.put("schemaof-unreadable-type", failing(p -> CassandraIO.schemaOf(KEYSPACE.connection(), "with_vector")));
    Schema zipAsText = Schema.builder().addStringField("street").addInt64Field("zip").build();
    c.put("setup-rows-udt-field-mismatch", failing(p -> rows(p,
        Schema.builder().addStringField("k").addRowField("addr", zipAsText).build(), "k",
        Row.withSchema(zipAsText).addValues("Main St", 1L).build()).apply(rowWrite("typed"))));
    Schema floor = Schema.builder().addStringField("street").addInt32Field("floor").build();
    c.put("setup-rows-unknown-udt-field", failing(p -> rows(p,
        Schema.builder().addStringField("k").addRowField("addr", floor).build(), "k",
        Row.withSchema(floor).addValues("Main St", 3).build()).apply(rowWrite("typed"))));
    Schema zipTwice = Schema.builder().addInt32Field("Zip").addInt32Field("zip").build();
    c.put("setup-rows-two-fields-one-udt-field", failing(p -> rows(p,
        Schema.builder().addStringField("k").addRowField("addr", zipTwice).build(), "k",
        Row.withSchema(zipTwice).addValues(1, 2).build()).apply(rowWrite("typed"))));
    Schema three = Schema.builder().addInt32Field("a").addInt32Field("b").addInt32Field("c").build();
    c.put("setup-rows-tuple-arity", failing(p -> rows(p,
        Schema.builder().addStringField("k").addRowField("pos", three).build(), "k",
        Row.withSchema(three).addValues(1, 2, 3).build()).apply(rowWrite("typed"))));
    c.put("element-rows-null-in-collection", typed("tags",
        Schema.FieldType.array(Schema.FieldType.STRING.withNullable(true)), java.util.Arrays.asList("a", null)));
    Map<String, Integer> nullValue = new java.util.HashMap<>();
    nullValue.put("a", null);
    c.put("element-rows-null-in-map", typed("attrs",
        Schema.FieldType.map(Schema.FieldType.STRING, Schema.FieldType.INT32.withNullable(true)), nullValue));
    c.put("element-rows-non-ascii", typed("code", Schema.FieldType.STRING, "héllo"));
    c.put("element-rows-inet-host-name", typed("ip", Schema.FieldType.STRING, "db1.example.com"));
    c.put("element-rows-inet-bytes", typed("ip", Schema.FieldType.BYTES, new byte[5]));
    c.put("element-rows-varint-not-integral", typed("n", Schema.FieldType.DECIMAL, new java.math.BigDecimal("1.5")));
    c.put("element-rows-varint-string", typed("n", Schema.FieldType.STRING, "12a"));
    c.put("element-rows-vector-size", typed("emb", Schema.FieldType.array(Schema.FieldType.FLOAT), List.of(1f, 2f)));
    c.put("element-rows-tuple-size", typed("pos", Schema.FieldType.array(Schema.FieldType.INT32), List.of(1, 2, 3)));
    c.put("element-rows-date-not-midnight", typed("day", Schema.FieldType.DATETIME,
        new org.joda.time.Instant(1_700_000_000_123L)));
    c.put("element-rows-bad-date-string", typed("day", Schema.FieldType.STRING, "29.02.2024"));
    c.put("element-rows-bad-duration-string", typed("span", Schema.FieldType.STRING, "soon"));
    c.put("element-rows-timeuuid-version", typed("tid", Schema.FieldType.STRING, "0f8fad5b-d9cb-469f-a165-70867728950e"));
    Schema badId = Schema.builder().addStringField("id").build();
    c.put("element-rows-udt-bad-value", typed("addr", Schema.FieldType.row(badId),
        Row.withSchema(badId).addValue("not-a-uuid").build()));
    // exactly-once
    c.put("exactly-once-flink-no-checkpointing", new Refused(flinkStreaming()));
    FlinkPipelineOptions atLeastOnce = flinkStreaming();
    atLeastOnce.setCheckpointingInterval(500L);
    atLeastOnce.setCheckpointingMode("AT_LEAST_ONCE");
    c.put("exactly-once-flink-at-least-once", new Refused(atLeastOnce));
    FlinkPipelineOptions noDrain = flinkStreaming();
    noDrain.setCheckpointingInterval(500L);
    c.put("exactly-once-flink-no-drain", new Refused(noDrain));
    c.put("exactly-once-no-checkpoint-table", failing(p -> strings(p).apply(cql(KV).withConnection(KEYSPACE.connection())
        .withExactlyOnce(ExactlyOnce.sinkId("bad-inputs").withCheckpointTable(KEYSPACE.table("no_checkpoints"))
            .withCreateTable(false)))));
    // per element, FAIL mode
    c.put("element-fail-mode", failing(p -> strings(p).apply(cql("INSERT INTO kv (k, v) VALUES (?, ?) USING TTL ?")
        .withConnection(KEYSPACE.connection()).withTtl(e -> e.equals("a") ? -1 : null))));
    c.put("element-binder-throws", failing(p -> strings(p).apply(CassandraIO.<String>write()
        .withConnection(KEYSPACE.connection())
        .withStatement(KV, (e, b) -> {
          throw new IllegalArgumentException("no price for item " + e);
        }))));
    // per element, REPORT mode
    c.put("element-entity-null-statement", reported("item-7", CassandraIO.<String>write()
        .withEntity(String.class, session -> "a DAO", (dao, e) -> null)));
    c.put("element-wrong-java-type", reported("item-7", CassandraIO.<String>write()
        .withStatement(KV, (e, b) -> b.setString(0, e).set(1, 42, Integer.class).build())));
    c.put("element-rows-bad-uuid", new Reported(p -> rows(p,
        Schema.builder().addStringField("k").addStringField("id").build(), "k", "not-a-uuid")
        .apply(rowWrite("kv").withFailureMode(FailureMode.REPORT)).getFailedWrites()));
    c.put("element-null-partition-key", reported("item-7", CassandraIO.<String>write()
        .withStatement(KV, (e, b) -> b.setString(0, null).setString(1, e).build())));
    Schema nullableKey = Schema.builder().addNullableField("k", Schema.FieldType.STRING).addStringField("v").build();
    c.put("element-rows-null-key", new Reported(p -> rows(p, nullableKey, null, "v")
        .apply(rowWrite("kv").withFailureMode(FailureMode.REPORT)).getFailedWrites()));
    c.put("element-oversized-partition-key", reported("item-7", CassandraIO.<String>write()
        .withStatement(KV, (e, b) -> b.setString(0, "k".repeat(70_000)).setString(1, e).build())));
    c.put("element-ttl-negative", reported("item-7", cql("INSERT INTO kv (k, v) VALUES (?, ?) USING TTL ?")
        .withTtl(e -> -1)));
    c.put("element-ttl-too-large", reported("item-7", cql("INSERT INTO kv (k, v) VALUES (?, ?) USING TTL ?")
        .withTtl(e -> 700_000_000)));
    c.put("element-value-too-large", reported("item-7", CassandraIO.<String>write()
        .withStatement(KV, (e, b) -> b.setString(0, e).setString(1, "x".repeat(17 << 20)).build())));
    return c;
  }

  /** One Row of key "k" and {@code field} = {@code value} into table typed, in REPORT mode. */
  private static Reported typed(String field, Schema.FieldType type, Object value) {
    Schema schema = Schema.builder().addStringField("k").addField(field, type).build();
    return new Reported(p -> rows(p, schema, "k", value)
        .apply(rowWrite("typed").withFailureMode(FailureMode.REPORT)).getFailedWrites());
  }

  private static Failing failing(Consumer<Pipeline> build) {
    return new Failing(build);
  }

  /** {@code element} alone through {@code write} in REPORT mode, on this class's keyspace. */
  private static Reported reported(String element, CassandraIO.Write<String> write) {
    return new Reported(p -> p.apply(Create.of(element).withCoder(StringUtf8Coder.of()))
        .apply(write.withConnection(KEYSPACE.connection()).withFailureMode(FailureMode.REPORT)).getFailedWrites());
  }

  private static CassandraIO.Write<String> cql(String cql) {
    return CassandraIO.<String>write().withStatement(cql, (e, b) -> b.setString(0, e).setString(1, e).build());
  }

  private static CassandraIO.Write<Row> rowWrite(String table) {
    return CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows(table);
  }

  private static PCollection<String> strings(Pipeline p) {
    return p.apply(Create.of("a", "b").withCoder(StringUtf8Coder.of()));
  }

  private static PCollection<Row> rows(Pipeline p, Schema schema, Object... values) {
    return p.apply(Create.of(Row.withSchema(schema).addValues(values).build()).withRowSchema(schema));
  }

  /** One worker thread: a setup error is met once, not by every thread at the same time. */
  private static PipelineOptions directOptions() {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(1);
    return options;
  }

  /** Exactly-once on Flink streaming, detached: a job that validation let through returns and is cancelled. */
  private static FlinkPipelineOptions flinkStreaming() {
    FlinkPipelineOptions options = FlinkJobs.local(1);
    options.setStreaming(true);
    return options;
  }

  /** What {@code run()} throws for an exactly-once write under {@code options}; fails if it started a job. */
  private static Throwable refusal(FlinkPipelineOptions options) throws Exception {
    Pipeline p = Pipeline.create(options);
    p.apply(Create.of("a", "b").withCoder(StringUtf8Coder.of()))
        .apply(cql(KV).withConnection(NOWHERE.withKeyspace("ks")).withExactlyOnce(ExactlyOnce.sinkId("bad-inputs")));
    PipelineResult[] started = new PipelineResult[1];
    try {
      return assertThrows("run() started the job", Throwable.class, () -> started[0] = p.run());
    } finally {
      if (started[0] != null) {
        FlinkJobs.cancel(started[0]);
      }
    }
  }

  // ---- the shared REPORT-mode run ---------------------------------------------------------------

  /** Failed writes per case id, as "message"; filled by the shared run (the DirectRunner runs DoFns in this JVM). */
  private static final Map<String, Queue<String>> REPORTED = new ConcurrentHashMap<>();
  private static boolean reportedRunDone;
  private static Throwable reportedRunError;

  /** The failed writes of case {@code id}, running every {@link Reported} case first if that has not happened yet. */
  private static synchronized List<String> reported(String id) throws Throwable {
    if (!reportedRunDone) {
      reportedRunDone = true;
      PipelineOptions options = directOptions();
      options.setStableUniqueNames(PipelineOptions.CheckEnabled.OFF); // the cases' transforms have their default names
      Pipeline p = Pipeline.create(options);
      CASES.forEach((caseId, c) -> {
        if (c instanceof Reported r) {
          REPORTED.put(caseId, new ConcurrentLinkedQueue<>());
          r.failures(p).apply(caseId + " failures", ParDo.of(new CollectFailures(caseId)));
        }
      });
      long started = System.nanoTime();
      try {
        p.run().waitUntilFinish();
      } catch (Throwable e) {
        reportedRunError = e;
      }
      System.out.printf("BadInputsIT: the shared REPORT-mode run took %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }
    if (reportedRunError != null) {
      throw new AssertionError("the shared REPORT-mode run failed", reportedRunError);
    }
    Queue<String> messages = REPORTED.get(id);
    assertNotNull("no REPORT-mode case " + id, messages);
    return new ArrayList<>(messages);
  }

  private static final class CollectFailures extends DoFn<FailedWrite<?>, Void> {
    private static final long serialVersionUID = 1L;
    private final String id;

    CollectFailures(String id) {
      this.id = id;
    }

    @ProcessElement
    public void process(@Element FailedWrite<?> failed) {
      REPORTED.get(id).add(failed.getErrorMessage());
    }
  }
}
