package io.cassandraio.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.Assume.assumeTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.local.BackendKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.ClassRule;
import org.junit.Test;

/** The shared node starts and answers a full CQL round trip through driver 4.17. */
public class SingleNodeIT {
  @ClassRule public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("single_node_it");
  private static final int ROWS = 300;

  @Test
  public void serverIsCassandra509() {
    // An external cluster may run another version; the local and Testcontainers ones must not.
    assumeTrue(SharedCassandra.get().kind() != BackendKind.EXTERNAL);
    Row local = KEYSPACE.session().execute("SELECT release_version, cluster_name FROM system.local").one();
    assertThat(local, notNullValue());
    assertThat(local.getString("release_version"), equalTo("5.0.9"));
    System.out.println("SingleNodeIT: " + SharedCassandra.get().description()
        + ", cluster " + local.getString("cluster_name"));
  }

  @Test
  public void writesAndReadsBackEveryRow() {
    KEYSPACE.session().execute("CREATE TABLE " + KEYSPACE.name() + ".events ("
        + "id int PRIMARY KEY, name text, amount bigint, tag uuid, tags list<text>)");
    PreparedStatement insert = KEYSPACE.session().prepare(
        "INSERT INTO " + KEYSPACE.name() + ".events (id, name, amount, tag, tags) VALUES (?, ?, ?, ?, ?)");

    Map<Integer, UUID> tags = new HashMap<>();
    for (int i = 0; i < ROWS; i++) {
      UUID tag = UUID.randomUUID();
      tags.put(i, tag);
      KEYSPACE.session().execute(insert.bind(i, "event-" + i, (long) i * 1_000_003L, tag, List.of("t" + i, "x"))
          .setConsistencyLevel(ConsistencyLevel.ONE));
    }

    // Every row by key.
    PreparedStatement select =
        KEYSPACE.session().prepare("SELECT name, amount, tag, tags FROM " + KEYSPACE.name() + ".events WHERE id = ?");
    for (int i = 0; i < ROWS; i++) {
      Row row = KEYSPACE.session().execute(select.bind(i)).one();
      assertThat("row " + i, row, notNullValue());
      assertThat(row.getString("name"), equalTo("event-" + i));
      assertThat(row.getLong("amount"), equalTo((long) i * 1_000_003L));
      assertThat(row.getUuid("tag"), equalTo(tags.get(i)));
      assertThat(row.getList("tags", String.class), equalTo(List.of("t" + i, "x")));
    }

    // And a full scan sees exactly those rows, no more.
    Map<Integer, String> scanned = new HashMap<>();
    for (Row row : KEYSPACE.session().execute(SimpleStatement.newInstance(
        "SELECT id, name FROM " + KEYSPACE.name() + ".events").setPageSize(100))) {
      assertThat("duplicate id " + row.getInt("id"),
          scanned.put(row.getInt("id"), row.getString("name")), is((String) null));
    }
    assertThat(scanned.size(), equalTo(ROWS));
    for (int i = 0; i < ROWS; i++) {
      assertThat(scanned.get(i), equalTo("event-" + i));
    }
  }

  @Test
  public void updatesDeletesAndBatchesAreVisible() {
    KEYSPACE.session().execute("CREATE TABLE " + KEYSPACE.name() + ".kv (k text, c int, v text, PRIMARY KEY (k, c))");
    PreparedStatement insert =
        KEYSPACE.session().prepare("INSERT INTO " + KEYSPACE.name() + ".kv (k, c, v) VALUES (?, ?, ?)");
    BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED);
    for (int c = 0; c < 10; c++) {
      batch = batch.add(insert.bind("p", c, "v" + c));
    }
    KEYSPACE.session().execute(batch);
    KEYSPACE.session().execute("UPDATE " + KEYSPACE.name() + ".kv SET v = 'changed' WHERE k = 'p' AND c = 3");
    KEYSPACE.session().execute("DELETE FROM " + KEYSPACE.name() + ".kv WHERE k = 'p' AND c = 7");

    ResultSet rs = KEYSPACE.session().execute("SELECT c, v FROM " + KEYSPACE.name() + ".kv WHERE k = 'p'");
    List<Row> rows = rs.all();
    assertThat(rows, not(empty()));
    assertThat(rows.size(), equalTo(9));
    int expectedC = 0;
    for (Row row : rows) {
      if (expectedC == 7) {
        expectedC++;
      }
      assertThat(row.getInt("c"), equalTo(expectedC)); // clustering order, 7 deleted
      assertThat(row.getString("v"), equalTo(expectedC == 3 ? "changed" : "v" + expectedC));
      expectedC++;
    }
  }
}
