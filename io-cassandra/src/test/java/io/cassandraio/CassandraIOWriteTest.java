package io.cassandraio;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.Test;

/** Construction-time validation and display data, without a pipeline or a cluster. */
public class CassandraIOWriteTest {
  private static final CassandraConnection CONNECTION = CassandraConnection.create()
      .withContactPoints("127.0.0.1").withLocalDatacenter("datacenter1").withKeyspace("ks")
      .withCredentials("u", "p4ssw0rd");

  private static CassandraIO.Write<String> cqlWrite() {
    return CassandraIO.<String>write()
        .withConnection(CONNECTION)
        .withStatement("INSERT INTO t (k) VALUES (?)", (e, b) -> b.setString(0, e).build());
  }

  @Test
  public void missingConnectionIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CassandraIO.<String>write().withStatement("INSERT INTO t (k) VALUES (?)", (x, b) -> b.build()).validate(null));
    assertTrue(e.getMessage(), e.getMessage().contains("withConnection"));
  }

  @Test
  public void missingStatementSourceListsTheThreeWaysIn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CassandraIO.<String>write().withConnection(CONNECTION).validate(null));
    assertTrue(e.getMessage(), e.getMessage().contains("withEntity"));
    assertTrue(e.getMessage(), e.getMessage().contains("withStatement"));
    assertTrue(e.getMessage(), e.getMessage().contains("withRows"));
  }

  @Test
  public void twoStatementSourcesConflict() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cqlWrite().withRows("t"));
    assertTrue(e.getMessage(), e.getMessage().contains("withRows(...) conflicts with withStatement(...)"));
  }

  @Test
  public void batchLimitsConflictWithNoGrouping() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cqlWrite().withGrouping(Grouping.NONE).withMaxBatchRows(5).validate(null));
    assertTrue(e.getMessage(), e.getMessage().contains("withGrouping(NONE)"));
    cqlWrite().withGrouping(Grouping.PARTITION).withMaxBatchRows(5).validate(null);
  }

  @Test
  public void badLimitsAreRejectedWhenSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cqlWrite().withMaxInFlightRequests(0));
    assertTrue(e.getMessage(), e.getMessage().contains("withMaxInFlightRequests"));
  }

  @Test
  public void displayDataShowsOptionsButNoPassword() {
    DisplayData data = DisplayData.from(cqlWrite().withGrouping(Grouping.REPLICA_SET));
    String text = data.toString();
    assertTrue(text, text.contains("REPLICA_SET"));
    assertTrue(text, text.contains("INSERT INTO t (k) VALUES (?)"));
    assertTrue(text, text.contains("maxInFlightRequests"));
    assertFalse(text, text.contains("p4ssw0rd"));
  }

  @Test
  public void emptyStatementIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> CassandraIO.<String>write().withStatement(" ", (e, b) -> b.build()));
  }
}
