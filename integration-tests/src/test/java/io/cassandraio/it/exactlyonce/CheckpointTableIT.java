package io.cassandraio.it.exactlyonce;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.BatchId;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.ExactlyOnce;
import io.cassandraio.internal.replay.CheckpointTable;
import io.cassandraio.it.support.DriverConfig;
import io.cassandraio.it.support.FreshCluster;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The checkpoint-id table of exactly-once, on the DirectRunner: created when missing with the
 * configured or the default replication, records with their TTL, one table for several sink ids,
 * {@code withCreateTable(false)} on a missing table, and a user without CREATE permission (on a
 * cluster of its own with PasswordAuthenticator and CassandraAuthorizer).
 */
public class CheckpointTableIT {
  /** The data keyspace; the checkpoint keyspaces that the tests make the writer create are related to it. */
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("eo_ckpt")
      .withTable("rows", "k text PRIMARY KEY, v int");
  private static final String DATA_KS = KEYSPACE.name();
  private static final String INSERT = "INSERT INTO " + DATA_KS + ".rows (k, v) VALUES (?, ?)";

  private static CqlSession session() {
    return KEYSPACE.session();
  }

  private static List<KV<String, Integer>> input(String prefix, int n) {
    List<KV<String, Integer>> input = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      input.add(KV.of(prefix + "-" + i, i));
    }
    return input;
  }

  private static CassandraIO.Write<KV<String, Integer>> write(CassandraConnection connection, ExactlyOnce eo) {
    return CassandraIO.<KV<String, Integer>>write()
        .withConnection(connection)
        .withStatement(INSERT, (e, b) -> b.setString(0, e.getKey()).setInt(1, e.getValue()).build())
        .withExactlyOnce(eo);
  }

  /** Runs an exactly-once write of {@code input} on the DirectRunner; returns when it has finished. */
  private static void run(CassandraConnection connection, ExactlyOnce eo, List<KV<String, Integer>> input) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(input).withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())))
        .apply(write(connection, eo));
    PipelineResult.State state = p.run().waitUntilFinish();
    assertEquals(PipelineResult.State.DONE, state);
  }

  /** Runs a pipeline that must fail; returns every message of the failure's cause chain. */
  private static String runExpectingFailure(CassandraConnection connection, ExactlyOnce eo,
      List<KV<String, Integer>> input) {
    try {
      run(connection, eo, input);
    } catch (RuntimeException e) {
      StringBuilder messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
      }
      System.out.println("CheckpointTableIT: the pipeline failed as expected with:\n" + messages);
      return messages.toString();
    }
    throw new AssertionError("the pipeline should have failed");
  }

  private static Map<String, String> replicationOf(CqlSession s, String keyspace) {
    Row row = s.execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace).one();
    assertNotNull("keyspace " + keyspace + " was not created", row);
    return row.getMap("replication", String.class, String.class);
  }

  private static int tablesIn(String keyspace) {
    return session().execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
        .all().size();
  }

  private static long dataRows(String prefix, int n) {
    long found = 0;
    for (int i = 0; i < n; i++) {
      if (session().execute("SELECT v FROM " + DATA_KS + ".rows WHERE k = ?", prefix + "-" + i).one() != null) {
        found++;
      }
    }
    return found;
  }

  @Test
  public void missingKeyspaceGetsTheConfiguredReplication() {
    String ks = KEYSPACE.related("simple");
    run(SharedCassandra.connection(), ExactlyOnce.sinkId("simple").withShards(2).withCheckpointTable(ks + ".batches")
        .withReplication(Map.of("class", "SimpleStrategy", "replication_factor", "1")), input("simple", 50));
    Map<String, String> replication = replicationOf(session(), ks);
    assertEquals(replication.toString(), "org.apache.cassandra.locator.SimpleStrategy", replication.get("class"));
    assertEquals(replication.toString(), "1", replication.get("replication_factor"));
    assertEquals(replication.toString(), 2, replication.size());
    assertEquals(1, tablesIn(ks));
    assertEquals(50, dataRows("simple", 50));
  }

  @Test
  public void missingKeyspaceGetsTheDefaultReplication() {
    String ks = KEYSPACE.related("default");
    run(SharedCassandra.connection(), ExactlyOnce.sinkId("default").withShards(2).withCheckpointTable(ks + ".batches"),
        input("default", 50));
    Map<String, String> replication = replicationOf(session(), ks);
    // NetworkTopologyStrategy, each datacenter at min(3, its nodes): one node here.
    assertEquals(replication.toString(), "org.apache.cassandra.locator.NetworkTopologyStrategy",
        replication.get("class"));
    assertEquals(replication.toString(), "1", replication.get(SharedCassandra.localDatacenter()));
    assertEquals(replication.toString(), 2, replication.size());
    assertEquals(50, dataRows("default", 50));
  }

  @Test
  public void recordsCarryTheirTtlAndOneTableServesSeveralSinks() {
    String ks = KEYSPACE.related("ttl");
    String table = "shared_batches";
    Map<String, String> rf1 = Map.of("class", "SimpleStrategy", "replication_factor", "1");
    run(SharedCassandra.connection(), ExactlyOnce.sinkId("sink-one").withShards(3).withMaxBatchElements(10)
        .withCheckpointTable(ks + "." + table).withReplication(rf1).withRecordTtl(Duration.ofMinutes(10)),
        input("one", 60));
    // A second job, another sink id and a shorter TTL, on the same table (it exists now).
    run(SharedCassandra.connection(), ExactlyOnce.sinkId("sink-two").withShards(3).withMaxBatchElements(10)
        .withCheckpointTable(ks + "." + table).withReplication(rf1).withRecordTtl(Duration.ofMinutes(5)),
        input("two", 40));

    assertEquals("one checkpoint table for both jobs, no table per job", 1, tablesIn(ks));
    Row options = session().execute("SELECT default_time_to_live FROM system_schema.tables "
        + "WHERE keyspace_name = ? AND table_name = ?", ks, table).one();
    assertNotNull(options);
    assertEquals("the table's default TTL is the record TTL of the job that created it", 600,
        options.getInt("default_time_to_live"));

    Map<String, Integer> rowsPerSink = new HashMap<>();
    Map<String, Integer> maxTtlPerSink = new HashMap<>();
    for (Row r : session().execute("SELECT sink_id, TTL(committed_at) AS ttl FROM " + ks + "." + table)) {
      String sink = r.getString("sink_id");
      if (sink.startsWith("cassandraio/")) {
        continue; // the permission probe's own short-lived record (no sink id can contain '/')
      }
      assertFalse("committed_at of " + sink + " has no TTL", r.isNull("ttl"));
      int ttl = r.getInt("ttl");
      int limit = sink.equals("sink-one") ? 600 : 300;
      assertTrue(sink + " record TTL " + ttl + " should be in (0, " + limit + "]", ttl > 0 && ttl <= limit);
      rowsPerSink.merge(sink, 1, Integer::sum);
      maxTtlPerSink.merge(sink, ttl, Math::max);
    }
    assertEquals(rowsPerSink.toString(), 2, rowsPerSink.size());
    // 60 and 40 elements in batches of at most 10: at least 6 and 4 batches.
    assertTrue(rowsPerSink.toString(), rowsPerSink.get("sink-one") >= 6);
    assertTrue(rowsPerSink.toString(), rowsPerSink.get("sink-two") >= 4);
    // The second job's records carry their own (shorter) TTL, not the table's default.
    assertTrue(maxTtlPerSink.toString(), maxTtlPerSink.get("sink-two") > 240);
    assertTrue(maxTtlPerSink.toString(), maxTtlPerSink.get("sink-one") > 540);
    assertEquals(60, dataRows("one", 60));
    assertEquals(40, dataRows("two", 40));
  }

  @Test
  public void aTableWithoutTheFingerprintColumnGetsItAndRecordsCarryTheContents() {
    // A checkpoint table as the first release created it: no fingerprint column.
    String ks = KEYSPACE.related("fingerprint");
    session().execute("CREATE KEYSPACE " + ks + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
    session().execute("CREATE TABLE " + ks + ".old_batches (sink_id text, epoch text, shard int, seq bigint, "
        + "committed_at timestamp, PRIMARY KEY ((sink_id, epoch, shard), seq))");
    session().execute("INSERT INTO " + ks + ".old_batches (sink_id, epoch, shard, seq, committed_at) "
        + "VALUES ('legacy', 'e', 0, 0, toTimestamp(now()))");

    CheckpointTable table = CheckpointTable.open(session(), ks, "old_batches", null, true,
        DefaultConsistencyLevel.ONE, Duration.ofMinutes(10));
    BatchId legacy = new BatchId("legacy", "e", 0, 0);
    BatchId fresh = new BatchId("new", "e", 0, 0);
    assertEquals("an old record is committed, contents unknown (never a mismatch)",
        CheckpointTable.Commit.UNKNOWN_CONTENTS, table.lookUp(legacy).toCompletableFuture().join());
    assertFalse(table.lookUp(legacy).toCompletableFuture().join().differsFrom(42L));
    assertEquals(CheckpointTable.Commit.NONE, table.lookUp(fresh).toCompletableFuture().join());

    table.record(fresh, 42L).toCompletableFuture().join();
    CheckpointTable.Commit commit = table.lookUp(fresh).toCompletableFuture().join();
    assertTrue(commit.committed());
    assertFalse("same contents: a replay to skip", commit.differsFrom(42L));
    assertTrue("other contents under the same id: not to be skipped", commit.differsFrom(43L));

    // Opening again (another worker) finds the column and adds nothing.
    CheckpointTable.open(session(), ks, "old_batches", null, true, DefaultConsistencyLevel.ONE, Duration.ofMinutes(10));
    assertEquals(6, session().getMetadata().getKeyspace(ks).orElseThrow().getTable("old_batches").orElseThrow()
        .getColumns().size());
  }

  @Test
  public void withoutCreateTableAMissingTableFailsWithItsDdl() {
    // Keyspace missing too: the message holds both statements, and nothing is created.
    String ks = KEYSPACE.related("nocreate");
    String messages = runExpectingFailure(SharedCassandra.connection(), ExactlyOnce.sinkId("nocreate").withShards(2)
        .withCheckpointTable(ks + ".batches").withCreateTable(false), input("nocreate", 10));
    assertTrue(messages, messages.contains("checkpoint table " + ks + ".batches does not exist"));
    assertTrue(messages, messages.contains("withCreateTable(false)"));
    assertTrue(messages, messages.contains("CREATE KEYSPACE IF NOT EXISTS " + ks + " WITH replication={"));
    assertTrue(messages, messages.contains("CREATE TABLE IF NOT EXISTS " + ks + ".batches (sink_id text,"));
    assertTrue(messages, messages.contains("PRIMARY KEY((sink_id,epoch,shard),seq)"));
    assertEquals("withCreateTable(false) must create nothing", 0,
        session().execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", ks).all().size());
    assertEquals(0, dataRows("nocreate", 10));

    // Keyspace present, table missing: only the table's DDL.
    String ks2 = KEYSPACE.related("nocreate_tbl");
    session().execute("CREATE KEYSPACE " + ks2 + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
    String messages2 = runExpectingFailure(SharedCassandra.connection(), ExactlyOnce.sinkId("nocreate").withShards(2)
        .withCheckpointTable(ks2 + ".batches").withCreateTable(false), input("nocreate", 10));
    assertTrue(messages2, messages2.contains("checkpoint table " + ks2 + ".batches does not exist"));
    assertTrue(messages2, messages2.contains("CREATE TABLE IF NOT EXISTS " + ks2 + ".batches ("));
    assertFalse(messages2, messages2.contains("CREATE KEYSPACE"));
    assertEquals(0, tablesIn(ks2));
  }

  // ---------------------------------------------------------------------------------------------
  // Permissions: a cluster of its own with authentication and authorization.

  private static final String AUTH_ADDRESS = FreshCluster.baseAddress("127.0.61.1");
  private static final String WRITER_PASSWORD = "wr1ter-pw";

  private static CqlSession login(List<InetSocketAddress> contactPoints, String user, String password) {
    return CqlSession.builder().addContactPoints(contactPoints).withLocalDatacenter(ClusterSpec.LOCAL_DATACENTER)
        .withAuthCredentials(user, password).withConfigLoader(DriverConfig.testLoader()).build();
  }

  /** The default superuser cassandra/cassandra is set up some seconds after the node starts. */
  private static CqlSession loginAsSuperuser(List<InetSocketAddress> contactPoints) {
    return await("a login as cassandra/cassandra").atMost(Duration.ofSeconds(45))
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> {
          CqlSession s = login(contactPoints, "cassandra", "cassandra");
          try {
            s.execute("SELECT role FROM system_auth.roles WHERE role = 'cassandra'");
            return s;
          } catch (RuntimeException e) {
            s.close();
            throw e;
          }
        }, Objects::nonNull);
  }

  @Test
  public void aUserWhoMayNotCreateTheTableIsToldWhatToRun() throws Exception {
    ClusterSpec spec = ClusterSpec.nodes(1).withBaseAddress(AUTH_ADDRESS)
        .withWorkDir(Path.of("target", "cassandra-eo-auth")).withHeap("768M")
        .withYaml("authenticator", "PasswordAuthenticator")
        .withYaml("authorizer", "CassandraAuthorizer")
        // No permission caches: a GRANT takes effect at once.
        .withYaml("permissions_validity", "0ms")
        .withYaml("roles_validity", "0ms")
        .withYaml("credentials_validity", "0ms");
    try (LocalCluster cluster = LocalCluster.start(spec);
        CqlSession admin = loginAsSuperuser(cluster.contactPoints())) {
      admin.execute("CREATE ROLE writer WITH LOGIN = true AND PASSWORD = '" + WRITER_PASSWORD + "'");
      admin.execute("CREATE KEYSPACE " + DATA_KS
          + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
      admin.execute("CREATE TABLE " + DATA_KS + ".rows (k text PRIMARY KEY, v int)");
      admin.execute("GRANT MODIFY ON KEYSPACE " + DATA_KS + " TO writer");
      admin.execute("GRANT SELECT ON KEYSPACE " + DATA_KS + " TO writer");

      CassandraConnection asWriter = CassandraConnection.create().withContactPoints(cluster.contactPoints())
          .withLocalDatacenter(cluster.localDatacenter()).withCredentials("writer", WRITER_PASSWORD);
      ExactlyOnce eo = ExactlyOnce.sinkId("auth").withShards(2).withCheckpointTable("eo_ckpt_auth.batches")
          .withReplication(Map.of("class", "SimpleStrategy", "replication_factor", "1"));

      String messages = runExpectingFailure(asWriter, eo, input("auth", 20));
      assertTrue(messages, messages.contains("not allowed to create the checkpoint table eo_ckpt_auth.batches"));
      assertTrue(messages, messages.contains("CREATE KEYSPACE IF NOT EXISTS eo_ckpt_auth WITH replication="
          + "{'class':'SimpleStrategy','replication_factor':'1'}"));
      assertTrue(messages, messages.contains("CREATE TABLE IF NOT EXISTS eo_ckpt_auth.batches ("));
      assertTrue(messages, messages.contains("SELECT and MODIFY"));
      assertTrue("the server's reason is kept: " + messages, messages.contains("writer"));
      assertEquals(0, admin.execute("SELECT k FROM " + DATA_KS + ".rows").all().size());

      // What the message says an administrator should do, done: now the same job succeeds.
      admin.execute("CREATE KEYSPACE eo_ckpt_auth WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
      // As an earlier release created it: without the fingerprint column, which this user may not add.
      admin.execute("CREATE TABLE eo_ckpt_auth.batches (sink_id text, epoch text, shard int, seq bigint, "
          + "committed_at timestamp, PRIMARY KEY ((sink_id, epoch, shard), seq))");
      String noAlter = runExpectingFailure(asWriter, eo, input("auth", 20));
      assertTrue(noAlter, noAlter.contains("not allowed to add the column fingerprint to the checkpoint table "
          + "eo_ckpt_auth.batches"));
      assertTrue(noAlter, noAlter.contains("ALTER TABLE eo_ckpt_auth.batches ADD fingerprint bigint"));
      assertEquals(0, admin.execute("SELECT k FROM " + DATA_KS + ".rows").all().size());
      admin.execute("ALTER TABLE eo_ckpt_auth.batches ADD fingerprint bigint");
      // The table exists now, and the writer may read it but not write to it: refused before any data is
      // written (else a batch would be written, fail to be recorded, and be applied again on retry).
      admin.execute("GRANT SELECT ON TABLE eo_ckpt_auth.batches TO writer");
      String notGranted = runExpectingFailure(asWriter, eo, input("auth", 20));
      assertTrue(notGranted, notGranted.contains("may not read or write the checkpoint table eo_ckpt_auth.batches"));
      assertTrue(notGranted, notGranted.contains("SELECT and MODIFY"));
      assertEquals(0, admin.execute("SELECT k FROM " + DATA_KS + ".rows").all().size());

      admin.execute("GRANT MODIFY ON TABLE eo_ckpt_auth.batches TO writer");
      run(asWriter, eo, input("auth", 20));
      assertEquals(20, admin.execute("SELECT k FROM " + DATA_KS + ".rows").all().size());
      assertTrue(admin.execute("SELECT seq FROM eo_ckpt_auth.batches WHERE sink_id = 'auth' ALLOW FILTERING")
          .all().size() >= 1);
    } catch (io.cassandraio.local.LauncherException e) {
      fail("the launcher could not start the authenticated node: " + e.getMessage());
    }
  }
}
