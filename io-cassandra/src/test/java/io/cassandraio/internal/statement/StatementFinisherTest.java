package io.cassandraio.internal.statement;

import static io.cassandraio.internal.statement.FakeStatements.bigint;
import static io.cassandraio.internal.statement.FakeStatements.counter;
import static io.cassandraio.internal.statement.FakeStatements.integer;
import static io.cassandraio.internal.statement.FakeStatements.prepared;
import static io.cassandraio.internal.statement.FakeStatements.text;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.cassandraio.NullHandling;
import org.junit.Test;

/** What the finisher does to a real driver bound statement, for each option. */
public class StatementFinisherTest {
  private static final String INSERT = "INSERT INTO ks.t (k, a, b, c) VALUES (?, ?, ?, ?)";

  private static StatementOptions.Builder<String> options() {
    return StatementOptions.<String>defaults().toBuilder();
  }

  private static StatementFinisher<String> finisher(StatementOptions.Builder<String> options) {
    return new StatementFinisher<>(options.build(), null);
  }

  /** k = "key", a = null, b never set, c = 7. */
  private static BoundStatement withNulls() {
    PreparedStatement p = prepared(INSERT, text("k"), text("a"), text("b"), integer("c"));
    return p.boundStatementBuilder().setString(0, "key").setToNull(1).setInt(3, 7).build();
  }

  @Test
  public void leaveUnsetUnsetsNullValuesOnly() {
    BoundStatement s = finisher(options().setNullHandling(NullHandling.LEAVE_UNSET)).finish("e", withNulls());
    assertEquals("key", s.getString(0));
    assertFalse("the null is unset, so no tombstone", s.isSet(1));
    assertFalse("never set stays unset", s.isSet(2));
    assertTrue(s.isSet(3));
    assertEquals(7, s.getInt(3));
  }

  @Test
  public void writeNullKeepsTheNull() {
    BoundStatement s = finisher(options().setNullHandling(NullHandling.WRITE_NULL)).finish("e", withNulls());
    assertTrue(s.isSet(1));
    assertTrue(s.isNull(1));
    assertFalse(s.isSet(2));
    assertEquals(7, s.getInt(3));
  }

  @Test
  public void ttlGoesIntoTheUsingTtlMarker() {
    PreparedStatement p = prepared(INSERT + " USING TTL ?", text("k"), text("a"), text("b"), integer("c"),
        integer("[ttl]"));
    StatementFinisher<String> f = finisher(options().setTtlSeconds(e -> e.length()));
    BoundStatement s = f.finish("twelve chars", p.boundStatementBuilder().setString(0, "key").build());
    assertTrue(s.isSet(4));
    assertEquals(12, s.getInt(4));
    assertEquals("key", s.getString(0));
  }

  @Test
  public void ttlGoesIntoANamedTtlMarker() {
    PreparedStatement p = prepared("INSERT INTO ks.t (k) VALUES (:k) USING TTL :ttl", text("k"), integer("ttl"));
    BoundStatement s = finisher(options().setTtlSeconds(e -> 60))
        .finish("e", p.boundStatementBuilder().setString(0, "key").build());
    assertEquals(60, s.getInt(1));
  }

  @Test
  public void aNullTtlLeavesTheMarkerUnset() {
    PreparedStatement p = prepared(INSERT + " USING TTL ?", text("k"), text("a"), text("b"), integer("c"),
        integer("[ttl]"));
    BoundStatement s = finisher(options().setTtlSeconds(e -> null))
        .finish("e", p.boundStatementBuilder().setString(0, "key").build());
    assertFalse(s.isSet(4));
  }

  @Test
  public void aTtlWithoutAMarkerFailsNamingWithTtlAndTheStatement() {
    StatementFinisher<String> f = finisher(options().setTtlSeconds(e -> 60));
    InvalidWriteConfigurationException e = assertThrows(InvalidWriteConfigurationException.class,
        () -> f.finish("e", withNulls()));
    assertTrue(e.getMessage(), e.getMessage().contains("withTtl"));
    assertTrue(e.getMessage(), e.getMessage().contains(INSERT));
    assertTrue(e.getMessage(), e.getMessage().contains("USING TTL ?"));
  }

  @Test
  public void withoutATtlOptionNoMarkerIsNeededOrTouched() {
    PreparedStatement p = prepared(INSERT + " USING TTL ?", text("k"), text("a"), text("b"), integer("c"),
        integer("[ttl]"));
    BoundStatement s = finisher(options()).finish("e", p.boundStatementBuilder().setInt(4, 5).build());
    assertEquals(5, s.getInt(4));
  }

  @Test
  public void writeTimestampIsTheQueryTimestamp() {
    BoundStatement s = finisher(options().setTimestampMicros(e -> 1_700_000_000_000_123L)).finish("e", withNulls());
    assertEquals(1_700_000_000_000_123L, s.getQueryTimestamp());
    BoundStatement none = finisher(options().setTimestampMicros(e -> null)).finish("e", withNulls());
    assertEquals(Statement.NO_DEFAULT_TIMESTAMP, none.getQueryTimestamp());
  }

  @Test
  public void consistencySerialConsistencyAndProfileAreApplied() {
    StatementFinisher<String> f = new StatementFinisher<>(options()
        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)
        .setSerialConsistencyLevel(DefaultConsistencyLevel.LOCAL_SERIAL).build(), "writes");
    BoundStatement s = f.finish("e", withNulls());
    assertEquals(DefaultConsistencyLevel.LOCAL_QUORUM, s.getConsistencyLevel());
    assertEquals(DefaultConsistencyLevel.LOCAL_SERIAL, s.getSerialConsistencyLevel());
    assertEquals("writes", s.getExecutionProfileName());
  }

  @Test
  public void withoutOptionsTheDriverDefaultsStay() {
    BoundStatement s = finisher(options()).finish("e", withNulls());
    assertNull(s.getConsistencyLevel());
    assertNull(s.getSerialConsistencyLevel());
    assertNull(s.getExecutionProfileName());
    assertEquals(Statement.NO_DEFAULT_TIMESTAMP, s.getQueryTimestamp());
  }

  @Test
  public void idempotenceIsDetectedFromTheCql() {
    StatementFinisher<String> f = finisher(options());
    BoundStatement upsert = withNulls();
    assertTrue(f.isIdempotent(upsert));
    assertEquals(Boolean.TRUE, f.finish("e", upsert).isIdempotent());

    PreparedStatement lwt = prepared("INSERT INTO ks.t (k) VALUES (?) IF NOT EXISTS", text("k"));
    BoundStatement conditional = lwt.boundStatementBuilder().setString(0, "k").build();
    assertFalse(f.isIdempotent(conditional));
    assertEquals(Boolean.FALSE, f.finish("e", conditional).isIdempotent());

    PreparedStatement append = prepared("UPDATE ks.t SET l = l + ? WHERE k = ?", text("l"), text("k"));
    assertFalse(f.isIdempotent(append.boundStatementBuilder().build()));
  }

  @Test
  public void anExplicitIdempotenceOverridesTheDetection() {
    BoundStatement upsert = withNulls();
    StatementFinisher<String> no = finisher(options().setIdempotent(false));
    assertFalse(no.isIdempotent(upsert));
    assertEquals(Boolean.FALSE, no.finish("e", upsert).isIdempotent());

    PreparedStatement lwt = prepared("INSERT INTO ks.t (k) VALUES (?) IF NOT EXISTS", text("k"));
    BoundStatement conditional = lwt.boundStatementBuilder().setString(0, "k").build();
    StatementFinisher<String> yes = finisher(options().setIdempotent(true));
    assertTrue(yes.isIdempotent(conditional));
    assertEquals(Boolean.TRUE, yes.finish("e", conditional).isIdempotent());
  }

  @Test
  public void counterUpdatesAreRecognisedByTheirVariableType() {
    StatementFinisher<String> f = finisher(options());
    PreparedStatement increment = prepared("UPDATE ks.c SET n = n + ? WHERE k = ?", counter("n"), text("k"));
    BoundStatement s = increment.boundStatementBuilder().setLong(0, 1L).setString(1, "k").build();
    assertTrue(f.isCounterUpdate(s));
    assertFalse("a counter update is not idempotent", f.isIdempotent(s));
    PreparedStatement plain = prepared("UPDATE ks.t SET n = ? WHERE k = ?", bigint("n"), text("k"));
    assertFalse(f.isCounterUpdate(plain.boundStatementBuilder().build()));
  }

  @Test
  public void theCqlIsReadOncePerPreparedStatement() {
    PreparedStatement p = prepared(INSERT, text("k"), text("a"), text("b"), integer("c"));
    StatementFinisher<String> f = finisher(options());
    for (int i = 0; i < 5; i++) {
      BoundStatement s = p.boundStatementBuilder().setString(0, "k" + i).build();
      f.finish("e", s);
      f.isIdempotent(s);
      f.isCounterUpdate(s);
    }
    verify(p, times(1)).getQuery();
  }
}
