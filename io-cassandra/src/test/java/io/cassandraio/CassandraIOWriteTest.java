package io.cassandraio;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
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

  @Test
  public void aConstantTtlAboveCassandrasMaximumIsRejectedWhenSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cqlWrite().withTtl(java.time.Duration.ofSeconds(630_720_001)));
    assertTrue(e.getMessage(), e.getMessage().startsWith("withTtl must be between 1 second and 630720000 seconds"));
    assertTrue(e.getMessage(), e.getMessage().contains("630720001 s"));
    cqlWrite().withTtl(java.time.Duration.ofSeconds(630_720_000)); // the maximum itself is fine
    assertThrows(IllegalArgumentException.class, () -> cqlWrite().withTtl(java.time.Duration.ofMillis(500)));
    assertThrows(IllegalArgumentException.class, () -> cqlWrite().withTtl(java.time.Duration.ofDays(1_000_000)));
  }

  @Test
  public void theErrorHandlerImpliesReportModeAndConflictsWithFailAndExactlyOnce() {
    ErrorHandler<BadRecord, ?> handler = BadInputsTest.openHandler();
    CassandraIO.Write<String> withHandler = cqlWrite().withErrorHandler(handler);
    String display = DisplayData.from(withHandler).toString();
    assertTrue(display, display.contains("failureMode=REPORT") && display.contains("errorHandler=true"));
    IllegalArgumentException fail = assertThrows(IllegalArgumentException.class,
        () -> withHandler.withFailureMode(FailureMode.FAIL));
    assertTrue(fail.getMessage(), fail.getMessage().startsWith("withFailureMode(FAIL) conflicts with withErrorHandler"));
    IllegalArgumentException eo = assertThrows(IllegalArgumentException.class,
        () -> withHandler.withExactlyOnce(ExactlyOnce.sinkId("s")));
    assertTrue(eo.getMessage(), eo.getMessage().startsWith("withErrorHandler conflicts with withExactlyOnce"));
    assertThrows(IllegalArgumentException.class,
        () -> cqlWrite().withExactlyOnce(ExactlyOnce.sinkId("s")).withErrorHandler(handler));
  }
}
