package io.cassandraio.it.write;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.Grouping;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import java.time.Duration;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * Misconfigurations fail with a message that says what is wrong, in a real pipeline against a
 * real Cassandra: missing connection or statement source, unreachable cluster, missing keyspace
 * or table (at {@code @Setup}, naming it), Row fields without a column or of the wrong type
 * (naming field, Beam type and CQL type), a missing primary-key field, TTL without a marker,
 * conflicting grouping options. Construction-only checks already covered by io-cassandra's unit
 * tests are not repeated; the ones here go through {@code expand} and {@code run}.
 */
public class ValidationIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_validation")
      .withTable("kv", "k text PRIMARY KEY, v text");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  static final Schema KV = Schema.builder().addStringField("k").addStringField("v").build();

  private PCollection<String> strings() {
    return pipeline.apply(Create.of("a", "b").withCoder(StringUtf8Coder.of()));
  }

  private PCollection<Row> rows(Schema schema, Object... values) {
    return pipeline.apply(Create.of(Row.withSchema(schema).addValues(values).build()).withRowSchema(schema));
  }

  private static CassandraIO.Write<String> cql(String cql) {
    return CassandraIO.<String>write().withStatement(cql, (e, b) -> b.setString(0, e).setString(1, e).build());
  }

  /** Runs the pipeline, which must fail; returns the messages of the cause chain. */
  private String runFails() {
    Throwable e = assertThrows(Throwable.class, () -> pipeline.run().waitUntilFinish());
    String messages = WriteItSupport.messages(e);
    System.out.println("ValidationIT saw:\n" + messages);
    return messages;
  }

  /** Applying the write must fail (before any run); returns the messages of the cause chain. */
  private String applyFails(Runnable apply) {
    pipeline.enableAbandonedNodeEnforcement(false);
    Throwable e = assertThrows(Throwable.class, apply::run);
    String messages = WriteItSupport.messages(e);
    System.out.println("ValidationIT saw:\n" + messages);
    return messages;
  }

  private static void assertMentions(String messages, String... parts) {
    for (String part : parts) {
      assertTrue("expected '" + part + "' in:\n" + messages, messages.contains(part));
    }
  }

  // ---- connection --------------------------------------------------------------------------

  @Test
  public void missingConnectionOnTheCqlPath() {
    PCollection<String> input = strings();
    String m = applyFails(() -> input.apply(cql("INSERT INTO kv (k, v) VALUES (?, ?)")));
    assertMentions(m, "IllegalArgumentException", "needs withConnection(CassandraConnection)");
  }

  @Test
  public void missingConnectionOnTheRowPath() {
    PCollection<Row> input = rows(KV, "k", "v");
    String m = applyFails(() -> input.apply(CassandraIO.<Row>write().withRows("kv")));
    assertMentions(m, "IllegalArgumentException", "needs withConnection(CassandraConnection)");
  }

  @Test
  public void missingStatementSource() {
    PCollection<String> input = strings();
    String m = applyFails(() -> input.apply(CassandraIO.<String>write().withConnection(KEYSPACE.connection())));
    assertMentions(m, "IllegalArgumentException", "withEntity", "withStatement", "withRows");
  }

  @Test
  public void unreachableClusterNamesTheContactPoint() {
    // Nothing listens on 127.0.45.9 (a block reserved for this test suite).
    strings().apply(cql("INSERT INTO kv (k, v) VALUES (?, ?)")
        .withConnection(CassandraConnection.create().withContactPoints("127.0.45.9:9042")
            .withLocalDatacenter("datacenter1").withKeyspace(KEYSPACE.name())));
    String m = runFails();
    assertMentions(m, "AllNodesFailedException", "127.0.45.9:9042");
  }

  @Test
  public void wrongLocalDatacenterNamesItAndTheClustersDatacenters() {
    strings().apply(cql("INSERT INTO kv (k, v) VALUES (?, ?)")
        .withConnection(SharedCassandra.connection().withLocalDatacenter("dc1").withKeyspace(KEYSPACE.name())));
    String m = runFails();
    assertMentions(m, "withLocalDatacenter(\"dc1\"): the cluster at [", "has no datacenter named 'dc1'; "
        + "its datacenters are [datacenter1]");
  }

  // ---- keyspace and table ------------------------------------------------------------------

  @Test
  public void missingKeyspaceOfTheConnection() {
    strings().apply(cql("INSERT INTO kv (k, v) VALUES (?, ?)")
        .withConnection(SharedCassandra.connection().withKeyspace("it_no_such_keyspace")));
    String m = runFails();
    assertMentions(m, "it_no_such_keyspace", "CassandraIO cannot open a session", "withKeyspace");
  }

  @Test
  public void missingTableOnTheCqlPath() {
    strings().apply(cql("INSERT INTO no_such_table (k, v) VALUES (?, ?)").withConnection(KEYSPACE.connection()));
    String m = runFails();
    assertMentions(m, "withStatement: cannot prepare 'INSERT INTO no_such_table (k, v) VALUES (?, ?)'",
        "no_such_table");
  }

  @Test
  public void missingTableOnTheRowPath() {
    rows(KV, "k", "v").apply(CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("no_such_table"));
    String m = runFails();
    assertMentions(m, "withRows: table " + KEYSPACE.table("no_such_table") + " does not exist");
  }

  @Test
  public void missingKeyspaceOfAQualifiedRowTable() {
    CassandraConnection noKeyspace = SharedCassandra.connection();
    rows(KV, "k", "v").apply(CassandraIO.<Row>write().withConnection(noKeyspace).withRows("it_no_such_keyspace.kv"));
    String m = runFails();
    assertMentions(m, "withRows: table it_no_such_keyspace.kv does not exist");
  }

  @Test
  public void unqualifiedRowTableWithoutKeyspace() {
    CassandraConnection noKeyspace = SharedCassandra.connection();
    PCollection<Row> input = rows(KV, "k", "v");
    String m = applyFails(() -> input.apply(CassandraIO.<Row>write().withConnection(noKeyspace).withRows("kv")));
    assertMentions(m, "withRows(\"kv\") needs a keyspace");
  }

  // ---- Row fields against the table ----------------------------------------------------------

  @Test
  public void unknownColumnNamesFieldAndTable() {
    Schema schema = Schema.builder().addStringField("k").addStringField("colour").build();
    rows(schema, "k", "red").apply(CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("kv"));
    String m = runFails();
    assertMentions(m, "field 'colour'", KEYSPACE.table("kv"), "columns: ");
  }

  @Test
  public void mistypedColumnNamesFieldBeamTypeAndCqlType() {
    Schema schema = Schema.builder().addStringField("k").addInt32Field("v").build();
    rows(schema, "k", 42).apply(CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("kv"));
    String m = runFails();
    assertMentions(m, "'v'", KEYSPACE.table("kv.v"), "INT32", "text");
  }

  @Test
  public void missingPrimaryKeyField() {
    Schema schema = Schema.builder().addStringField("v").build();
    rows(schema, "v").apply(CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("kv"));
    String m = runFails();
    assertMentions(m, "no field for primary-key column 'k'", KEYSPACE.table("kv"));
  }

  @Test
  public void rowPathNeedsASchema() {
    PCollection<String> input = strings();
    String m = applyFails(() -> input.apply(CassandraIO.<String>write().withConnection(KEYSPACE.connection()).withRows("kv")));
    assertMentions(m, "withRows(\"kv\") needs an input with a Beam schema");
  }

  // ---- conflicting options -----------------------------------------------------------------

  @Test
  public void ttlNeedsAMarkerInTheStatement() {
    strings().apply(cql("INSERT INTO kv (k, v) VALUES (?, ?)")
        .withConnection(KEYSPACE.connection()).withTtl(Duration.ofMinutes(5)));
    String m = runFails();
    assertMentions(m, "withTtl needs a TTL bind marker", "USING TTL ?");
  }

  @Test
  public void noGroupingConflictsWithBatchLimitsWhereTheTransformIsApplied() {
    PCollection<String> input = strings();
    String m = applyFails(() -> input.apply(cql("INSERT INTO kv (k, v) VALUES (?, ?)")
        .withConnection(KEYSPACE.connection()).withGrouping(Grouping.NONE).withMaxBatchRows(5)));
    assertMentions(m, "IllegalArgumentException", "withGrouping(NONE)", "withMaxBatchRows");
  }
}
