package io.cassandraio.it.read;

import static org.junit.Assert.assertThrows;

import io.cassandraio.BadInputsDoc;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.it.support.TestKeyspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The bad inputs of {@code docs/bad-inputs.md} that a read detects with a cluster, on the shared
 * node: when the pipeline is built (the table's schema is read then) or when a reader starts. One
 * test per id; an id in the doc without a case here, or a case here without an entry, fails.
 */
@RunWith(Parameterized.class)
public class ReadBadInputsIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("read_bad_inputs")
      .withTable("items", "k bigint PRIMARY KEY, name text")
      .withTable("altered", "k bigint PRIMARY KEY, name text")
      .withTable("with_vector", "k bigint PRIMARY KEY, name text, words vector<text, 2>");

  /** Nothing listens here (a block reserved for this test suite, as in BadInputsIT). */
  private static final CassandraConnection NOWHERE = CassandraConnection.create()
      .withContactPoints("127.0.45.9:9042").withLocalDatacenter("datacenter1");

  private static final Map<String, Consumer<Pipeline>> CASES = cases();

  @Parameters(name = "{0}")
  public static List<Object[]> ids() {
    return BadInputsDoc.ids(ReadBadInputsIT.class, CASES.keySet());
  }

  @Parameter public String id;

  @Test
  public void errorCarriesTheDocumentedMessage() {
    BadInputsDoc.Entry entry = BadInputsDoc.entryToCheck(id, CASES.containsKey(id), getClass());
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(1);
    Pipeline p = Pipeline.create(options);
    Throwable error = assertThrows(entry.where() + ": the pipeline did not fail", Throwable.class, () -> {
      CASES.get(id).accept(p); // an apply-time error is thrown here
      p.run().waitUntilFinish();
    });
    entry.assertMatchesOneOf(BadInputsDoc.messagesOf(error));
  }

  private static CassandraIO.Read<org.apache.beam.sdk.values.Row> read() {
    return CassandraIO.read().withConnection(KEYSPACE.connection());
  }

  private static Map<String, Consumer<Pipeline>> cases() {
    Map<String, Consumer<Pipeline>> c = new LinkedHashMap<>();
    c.put("read-unreachable", p -> p.apply(CassandraIO.read().withConnection(NOWHERE).withTable("shop.items")));
    c.put("read-unknown-keyspace", p -> p.apply(read().withTable("no_such_keyspace.items")));
    c.put("read-unknown-table", p -> p.apply(read().withTable("no_such_table")));
    c.put("read-unknown-column", p -> p.apply(read().withTable("items").withColumns("k", "price")));
    c.put("read-unreadable-type", p -> p.apply(read().withTable("with_vector")));
    c.put("read-table-altered", p -> {
      p.apply(read().withTable("altered"));
      KEYSPACE.session().execute("ALTER TABLE " + KEYSPACE.table("altered") + " ADD price int");
      // The reader's @Setup reads the driver's metadata, which learns of the change a little later.
      awaitColumn("price");
    });
    return c;
  }

  private static void awaitColumn(String column) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      var table = KEYSPACE.session().getMetadata().getKeyspace(KEYSPACE.name())
          .flatMap(ks -> ks.getTable("altered")).orElseThrow();
      if (table.getColumn(column).isPresent()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
