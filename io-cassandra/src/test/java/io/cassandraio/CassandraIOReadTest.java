package io.cassandraio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.internal.read.PlanSplitsFn;
import io.cassandraio.internal.read.ReadSpec;
import io.cassandraio.internal.read.ReadSplitFn;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.Row;
import org.junit.Test;

/** The read's configuration without a cluster: immutable, serializable, shown in display data. */
public class CassandraIOReadTest {
  private static final CassandraConnection CONNECTION = CassandraConnection.create()
      .withContactPoints("10.0.0.5").withLocalDatacenter("dc1").withKeyspace("shop")
      .withCredentials("reader", "s3cret");

  private static Map<String, String> display(CassandraIO.Read<?> read) {
    return DisplayData.from(read).items().stream()
        .collect(Collectors.toMap(DisplayData.Item::getKey, i -> String.valueOf(i.getValue())));
  }

  @Test
  public void defaultsAreShownAndSayWhereTheyComeFrom() {
    Map<String, String> d = display(CassandraIO.read().withConnection(CONNECTION).withTable("items"));
    assertEquals("items", d.get("table"));
    assertEquals("all", d.get("columns"));
    assertEquals("driver default", d.get("consistencyLevel"));
    assertEquals("from size estimates", d.get("numSplits"));
    assertEquals(String.valueOf(ReadSpec.DEFAULT_PAGE_SIZE), d.get("pageSize"));
    assertEquals(String.valueOf(ReadSpec.DEFAULT_MAX_CONCURRENT_PAGES), d.get("maxConcurrentPages"));
    assertEquals("Row", d.get("output"));
    assertTrue("no password in display data: " + d, d.values().stream().noneMatch(v -> v.contains("s3cret")));
  }

  @Test
  public void everyOptionReturnsANewTransformAndLeavesTheOldOneAlone() {
    CassandraIO.Read<Row> base = CassandraIO.read().withConnection(CONNECTION).withTable("items");
    CassandraIO.Read<Row> changed = base.withColumns("id", "name").withConsistencyLevel(DefaultConsistencyLevel.QUORUM)
        .withNumSplits(12).withPageSize(100).withMaxConcurrentPages(4).withMaxAttempts(2);
    assertNotSame(base, changed);
    assertEquals("all", display(base).get("columns"));
    Map<String, String> d = display(changed);
    assertEquals("id,name", d.get("columns"));
    assertEquals("QUORUM", d.get("consistencyLevel"));
    assertEquals("12", d.get("numSplits"));
    assertEquals("100", d.get("pageSize"));
    assertEquals("4", d.get("maxConcurrentPages"));
    assertEquals("2", d.get("maxAttempts"));
  }

  @Test
  public void aRowMapperKeepsTheOptionsSetBefore() {
    CassandraIO.Read<String> mapped = CassandraIO.read().withConnection(CONNECTION).withTable("items")
        .withNumSplits(3).withRowMapper(r -> r.getString("id"), StringUtf8Coder.of());
    assertEquals("3", display(mapped).get("numSplits"));
    SerializableUtils.ensureSerializable(mapped);
  }

  @Test
  public void theTransformAndItsDoFnsAreSerializable() {
    CassandraIO.Read<Row> read = CassandraIO.read().withConnection(CONNECTION).withTable("shop.items")
        .withColumns("id");
    SerializableUtils.ensureSerializable(read);
    ReadSpec<Row> spec = ReadSpec.defaults().toBuilder().build();
    SerializableUtils.ensureSerializable(new PlanSplitsFn(spec));
    SerializableUtils.ensureSerializable(new ReadSplitFn<>(spec));
  }
}
