package io.cassandraio.internal.routing;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import io.cassandraio.Grouping;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which statements may share a batch: same partition (routing key) or same replica set
 * (the driver's token map). Degrades instead of failing: without a token map, replica-set
 * grouping becomes partition grouping; a statement without a routing key is sent on its own.
 * Each case is logged once per JVM.
 */
public final class StatementRouter {
  private static final Logger LOG = LoggerFactory.getLogger(StatementRouter.class);
  private static final AtomicBoolean WARNED_NO_TOKEN_MAP = new AtomicBoolean();
  private static final AtomicBoolean WARNED_NO_ROUTING_KEY = new AtomicBoolean();

  private final CqlSession session;
  private final Grouping requested;
  private @Nullable TokenMap tokenMap;

  public StatementRouter(CqlSession session, Grouping requested) {
    this.session = session;
    this.requested = requested;
  }

  /** Re-reads the token map (a snapshot), so that each bundle follows topology changes. */
  public void refresh() {
    tokenMap = session.getMetadata().getTokenMap().orElse(null);
    if (tokenMap == null && byReplicaSet(requested) && WARNED_NO_TOKEN_MAP.compareAndSet(false, true)) {
      LOG.warn("No token map is known (token metadata disabled, or a partitioner the driver does not know, "
          + "as Amazon Keyspaces' default one): {} grouping falls back to grouping by partition only", requested);
    }
  }

  /** The grouping in force for this bundle after any fallback. */
  public Grouping effectiveGrouping() {
    return byReplicaSet(requested) && tokenMap == null ? Grouping.PARTITION : requested;
  }

  /** AUTO and REPLICA_SET group by replica set; AUTO then keeps repeated partitions apart. */
  private static boolean byReplicaSet(Grouping grouping) {
    return grouping == Grouping.REPLICA_SET || grouping == Grouping.AUTO;
  }

  /**
   * What {@code statement} may share a batch with, given its routing key (computed once by the
   * caller: the driver recomputes it on every call). Non-idempotent statements never share.
   */
  public GroupKey keyOf(BoundStatement statement, @Nullable ByteBuffer routingKey, boolean idempotent) {
    Grouping grouping = effectiveGrouping();
    if (grouping == Grouping.NONE || !idempotent) {
      return GroupKey.SINGLETON;
    }
    CqlIdentifier keyspace = keyspaceOf(statement);
    if (routingKey == null || keyspace == null) {
      if (WARNED_NO_ROUTING_KEY.compareAndSet(false, true)) {
        LOG.warn("A statement has no routing key (not all partition-key columns are bound, e.g. "
            + "'{}'); such statements are sent one by one", statement.getPreparedStatement().getQuery());
      }
      return GroupKey.SINGLETON;
    }
    if (byReplicaSet(grouping)) {
      Set<Node> replicas = replicas(keyspace, routingKey);
      if (!replicas.isEmpty()) {
        return new GroupKey(new ReplicaSetKey(keyspace, replicas.stream().map(Node::getHostId).sorted().toList()));
      }
    }
    return new GroupKey(new PartitionKey(keyspace, tableOf(statement), routingKey));
  }

  private Set<Node> replicas(CqlIdentifier keyspace, ByteBuffer routingKey) {
    TokenMap map = tokenMap;
    if (map == null) {
      return Set.of();
    }
    Token token = map.newToken(routingKey);
    return map.getReplicas(keyspace, token);
  }

  private static @Nullable CqlIdentifier keyspaceOf(BoundStatement statement) {
    CqlIdentifier ks = statement.getRoutingKeyspace();
    if (ks != null) {
      return ks;
    }
    var vars = statement.getPreparedStatement().getVariableDefinitions();
    return vars.size() > 0 ? vars.get(0).getKeyspace() : null;
  }

  private static String tableOf(BoundStatement statement) {
    var vars = statement.getPreparedStatement().getVariableDefinitions();
    return vars.size() > 0 ? vars.get(0).getTable().asInternal() : "";
  }

  private record PartitionKey(CqlIdentifier keyspace, String table, ByteBuffer routingKey) {}

  private record ReplicaSetKey(CqlIdentifier keyspace, List<UUID> replicas) {}

}
