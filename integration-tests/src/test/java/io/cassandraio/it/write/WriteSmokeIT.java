package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;

import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.CassandraIO;
import io.cassandraio.Grouping;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.TestKeyspace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/** The CQL path end to end on the DirectRunner: every row arrives with its value. */
public class WriteSmokeIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("write_smoke")
      .withTable("kv", "k text, c int, v text, PRIMARY KEY (k, c)");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void writesEveryRowWithAutoGrouping() {
    List<KV<String, Integer>> input = IntStream.range(0, 500)
        .mapToObj(i -> KV.of("p" + (i % 37), i)).collect(Collectors.toList());
    pipeline.apply(Create.of(input))
        .apply(CassandraIO.<KV<String, Integer>>write()
            .withConnection(KEYSPACE.connection())
            .withStatement("INSERT INTO kv (k, c, v) VALUES (?, ?, ?)",
                (e, b) -> b.setString(0, e.getKey()).setInt(1, e.getValue()).setString(2, "v" + e.getValue()).build())
            .withGrouping(Grouping.AUTO));
    pipeline.run().waitUntilFinish();

    Map<Integer, String> stored = new HashMap<>();
    for (Row r : KEYSPACE.session().execute("SELECT c, v, k FROM " + KEYSPACE.table("kv"))) {
      assertEquals("p" + (r.getInt("c") % 37), r.getString("k"));
      stored.put(r.getInt("c"), r.getString("v"));
    }
    assertEquals(500, stored.size());
    input.forEach(kv -> assertEquals("v" + kv.getValue(), stored.get(kv.getValue())));
    SessionLeases.awaitReleased("after the job");
  }
}
