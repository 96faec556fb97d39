package io.cassandraio.internal.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import io.cassandraio.Grouping;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.Test;

/** The fallbacks: no token map, no routing key, non-idempotent statements. */
public class StatementRouterTest {
  private static final CqlIdentifier KS = CqlIdentifier.fromInternal("ks");

  private static CqlSession sessionWith(Optional<TokenMap> tokenMap) {
    CqlSession session = mock(CqlSession.class, RETURNS_DEEP_STUBS);
    when(session.getMetadata().getTokenMap()).thenReturn((Optional) tokenMap);
    return session;
  }

  private static BoundStatement statement() {
    BoundStatement s = mock(BoundStatement.class, RETURNS_DEEP_STUBS);
    when(s.getRoutingKeyspace()).thenReturn(KS);
    when(s.getPreparedStatement().getVariableDefinitions().size()).thenReturn(1);
    when(s.getPreparedStatement().getVariableDefinitions().get(0).getTable())
        .thenReturn(CqlIdentifier.fromInternal("t"));
    return s;
  }

  private static ByteBuffer key(int k) {
    return ByteBuffer.allocate(4).putInt(0, k);
  }

  @Test
  public void replicaSetFallsBackToPartitionWithoutATokenMap() {
    StatementRouter router = new StatementRouter(sessionWith(Optional.empty()), Grouping.REPLICA_SET);
    router.refresh();
    assertEquals(Grouping.PARTITION, router.effectiveGrouping());
    BoundStatement s = statement();
    assertEquals(router.keyOf(s, key(1), true), router.keyOf(s, key(1), true));
    assertNotEquals(router.keyOf(s, key(1), true), router.keyOf(s, key(2), true));
  }

  @Test
  public void tokenMapIsReReadOnRefresh() {
    CqlSession session = sessionWith(Optional.empty());
    StatementRouter router = new StatementRouter(session, Grouping.REPLICA_SET);
    router.refresh();
    assertEquals(Grouping.PARTITION, router.effectiveGrouping());
    when(session.getMetadata().getTokenMap()).thenReturn((Optional) Optional.of(mock(TokenMap.class)));
    router.refresh();
    assertEquals(Grouping.REPLICA_SET, router.effectiveGrouping());
  }

  @Test
  public void noRoutingKeyOrNotIdempotentOrNoneMeansAlone() {
    StatementRouter router = new StatementRouter(sessionWith(Optional.empty()), Grouping.AUTO);
    router.refresh();
    assertTrue(router.keyOf(statement(), null, true).isSingleton());
    assertTrue(router.keyOf(statement(), key(1), false).isSingleton());
    StatementRouter none = new StatementRouter(sessionWith(Optional.empty()), Grouping.NONE);
    none.refresh();
    assertTrue(none.keyOf(statement(), key(1), true).isSingleton());
  }
}
