package io.cassandraio.it.write;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.QueryTrace;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.TraceEvent;
import io.cassandraio.CassandraIO;
import io.cassandraio.NullHandling;
import io.cassandraio.it.support.TestKeyspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * Null fields: by default ({@code LEAVE_UNSET}) a null leaves the column alone, so a value
 * written before survives the upsert (with its old WRITETIME) and no tombstone is written;
 * with {@code WRITE_NULL} the column becomes null (a tombstone). Tombstones are counted from
 * the server's own trace of a read ("Read N live rows and M tombstone cells"). For the CQL,
 * Row and entity (mapper DAO with SET_TO_NULL) paths.
 *
 * <p>Every table starts with {@code a = 'old-<k>'} written at timestamp {@value #OLD_TIMESTAMP}
 * for each key; even keys then get {@code a = null, b = null}, odd keys non-null values.
 */
public class NullHandlingIT {
  private static final List<String> PATHS = List.of("cql", "row", "entity");
  private static final long OLD_TIMESTAMP = 1000;
  private static final int KEYS = 6;
  private static final Pattern TOMBSTONES = Pattern.compile("Read (\\d+) live rows and (\\d+) tombstone cells");

  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_null_handling").withSetup((s, ks) -> {
    for (String path : PATHS) {
      for (NullHandling h : NullHandling.values()) {
        s.execute("CREATE TABLE " + ks + "." + table(path, h) + " (k text, c int, a text, b int, d text, PRIMARY KEY (k, c))");
      }
    }
  });

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  static final Schema NULLS = Schema.builder()
      .addStringField("k").addInt32Field("c")
      .addNullableField("a", Schema.FieldType.STRING)
      .addNullableField("b", Schema.FieldType.INT32)
      .addStringField("d")
      .build();

  static List<NullItem> items() {
    List<NullItem> out = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      boolean nulls = i % 2 == 0;
      out.add(new NullItem("k" + i, 0, nulls ? null : "a-new-" + i, nulls ? null : i, "d-new-" + i));
    }
    return out;
  }

  private static String table(String path, NullHandling h) {
    return path + "_" + h.name().toLowerCase();
  }

  @Before
  public void preExistingValues() {
    CqlSession session = KEYSPACE.session();
    for (String path : PATHS) {
      for (NullHandling h : NullHandling.values()) {
        session.execute("TRUNCATE " + KEYSPACE.table(table(path, h)));
        for (int i = 0; i < KEYS; i++) {
          session.execute(SimpleStatement.newInstance("INSERT INTO " + KEYSPACE.table(table(path, h))
              + " (k, c, a) VALUES (?, 0, ?) USING TIMESTAMP " + OLD_TIMESTAMP, "k" + i, "old-k" + i));
        }
      }
    }
  }

  @Test
  public void cqlPath() {
    for (NullHandling h : NullHandling.values()) {
      PCollection<NullItem> input = pipeline.apply("Items " + h,
          Create.of(items()).withCoder(SerializableCoder.of(NullItem.class)));
      CassandraIO.Write<NullItem> write = CassandraIO.<NullItem>write()
          .withConnection(KEYSPACE.connection())
          .withStatement("INSERT INTO " + table("cql", h) + " (k, c, a, b, d) VALUES (?, ?, ?, ?, ?)",
              (e, b) -> b.setString("k", e.getK()).setInt("c", e.getC()).setString("a", e.getA())
                  .set("b", e.getB(), Integer.class).setString("d", e.getD()).build());
      input.apply("Write " + h, h == NullHandling.LEAVE_UNSET ? write : write.withNullHandling(h));
    }
    pipeline.run().waitUntilFinish();
    check("cql");
  }

  @Test
  public void rowPath() {
    List<Row> rows = new ArrayList<>();
    items().forEach(e -> rows.add(Row.withSchema(NULLS).addValues(e.getK(), e.getC(), e.getA(), e.getB(), e.getD()).build()));
    for (NullHandling h : NullHandling.values()) {
      CassandraIO.Write<Row> write = CassandraIO.<Row>write()
          .withConnection(KEYSPACE.connection())
          .withRows(table("row", h));
      pipeline.apply("Rows " + h, Create.of(rows).withRowSchema(NULLS))
          .apply("Write " + h, h == NullHandling.LEAVE_UNSET ? write : write.withNullHandling(h));
    }
    pipeline.run().waitUntilFinish();
    check("row");
  }

  @Test
  public void entityPathWithSetToNullDao() {
    for (NullHandling h : NullHandling.values()) {
      String table = table("entity", h);
      CassandraIO.Write<NullItem> write = CassandraIO.<NullItem>write()
          .withConnection(KEYSPACE.connection())
          .withEntity(NullItem.class, s -> new NullItemMapperBuilder(s).build().nullItemDao(table), NullItemDao::save);
      pipeline.apply("Items " + h, Create.of(items()).withCoder(SerializableCoder.of(NullItem.class)))
          .apply("Write " + h, h == NullHandling.LEAVE_UNSET ? write : write.withNullHandling(h));
    }
    pipeline.run().waitUntilFinish();
    check("entity");
  }

  /** Both tables of {@code path}: values, the old cell's WRITETIME, and tombstones per partition. */
  private static void check(String path) {
    for (NullHandling h : NullHandling.values()) {
      String table = KEYSPACE.table(table(path, h));
      for (int i = 0; i < KEYS; i++) {
        String k = "k" + i;
        com.datastax.oss.driver.api.core.cql.Row r = KEYSPACE.session().execute(SimpleStatement.newInstance(
            "SELECT a, b, d, WRITETIME(a) AS wa FROM " + table + " WHERE k = ? AND c = 0", k)).one();
        String what = path + " " + h + " " + k + ": ";
        assertEquals(what + "d", "d-new-" + i, r.getString("d"));
        int tombstones = tombstoneCells(table, k);
        if (i % 2 == 1) {
          assertEquals(what + "a", "a-new-" + i, r.getString("a"));
          assertEquals(what + "b", Integer.valueOf(i), r.isNull("b") ? null : r.getInt("b"));
          assertEquals(what + "tombstone cells", 0, tombstones);
        } else if (h == NullHandling.LEAVE_UNSET) {
          assertEquals(what + "the old value must survive a null left unset", "old-" + k, r.getString("a"));
          assertEquals(what + "the old cell must be untouched", OLD_TIMESTAMP, r.getLong("wa"));
          assertTrue(what + "b was never written", r.isNull("b"));
          assertEquals(what + "a null left unset must write no tombstone", 0, tombstones);
        } else {
          assertNull(what + "WRITE_NULL must delete the old value", r.getString("a"));
          assertTrue(what + "b", r.isNull("b"));
          // a and b each got a tombstone cell.
          assertEquals(what + "tombstone cells written for a and b", 2, tombstones);
        }
      }
    }
  }

  /**
   * Tombstone cells the server met reading partition {@code k}, from its trace of the read. The
   * driver fetches a trace once the server has finished writing it ({@code getQueryTrace()} throws
   * until then), and a trace may still lack the read's events: read again until one reports them.
   */
  private static int tombstoneCells(String table, String k) {
    List<String> seen = new ArrayList<>();
    try {
      return await("the trace of a read of " + table + " reporting its tombstone count")
          .atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
          .ignoreException(IllegalStateException.class) // the trace is not complete yet
          .until(() -> {
            ResultSet rs = KEYSPACE.session().execute(
                SimpleStatement.newInstance("SELECT * FROM " + table + " WHERE k = ?", k).setTracing(true));
            QueryTrace trace = rs.getExecutionInfo().getQueryTrace();
            for (TraceEvent e : trace.getEvents()) {
              seen.add(e.getActivity());
              Matcher m = TOMBSTONES.matcher(String.valueOf(e.getActivity()));
              if (m.find()) {
                return Integer.parseInt(m.group(2));
              }
            }
            return null;
          }, count -> count != null);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no trace of a read of " + table + " reported its tombstone count; events: " + seen, e);
    }
  }
}
