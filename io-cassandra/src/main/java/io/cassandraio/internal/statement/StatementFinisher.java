package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.cassandraio.NullHandling;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Applies {@link StatementOptions} to a bound statement: nulls, TTL, write timestamp,
 * consistency and idempotence. The same for every way in.
 *
 * <p>The TTL goes into the statement's TTL bind marker ({@code USING TTL ?} or {@code :ttl}),
 * because driver 4 has no per-statement TTL outside the CQL; the write timestamp uses the
 * driver's query timestamp, which needs nothing in the CQL.
 */
public final class StatementFinisher<T> {
  private static final String[] TTL_MARKERS = {"[ttl]", "ttl"};

  private final StatementOptions<T> options;
  private final @Nullable String executionProfile;
  private final Map<PreparedStatement, Facts> facts = new ConcurrentHashMap<>();

  /** {@code executionProfile}: the driver profile writes run under (null: the default one). */
  public StatementFinisher(StatementOptions<T> options, @Nullable String executionProfile) {
    this.options = options;
    this.executionProfile = executionProfile;
  }

  public BoundStatement finish(T element, BoundStatement bound) {
    Facts f = facts.computeIfAbsent(bound.getPreparedStatement(), this::factsOf);
    BoundStatement s = bound;
    if (options.nullHandling() == NullHandling.LEAVE_UNSET) {
      for (int i = 0; i < f.variables; i++) {
        if (s.isSet(i) && s.isNull(i)) {
          s = s.unset(i);
        }
      }
    }
    if (options.ttlSeconds() != null) {
      Integer ttl = options.ttlSeconds().apply(element);
      if (ttl != null) {
        s = s.setInt(f.ttlIndex, ttl);
      }
    }
    if (options.timestampMicros() != null) {
      Long micros = options.timestampMicros().apply(element);
      if (micros != null) {
        s = s.setQueryTimestamp(micros);
      }
    }
    if (options.consistencyLevel() != null) {
      s = s.setConsistencyLevel(options.consistencyLevel());
    }
    if (options.serialConsistencyLevel() != null) {
      s = s.setSerialConsistencyLevel(options.serialConsistencyLevel());
    }
    if (executionProfile != null) {
      s = s.setExecutionProfileName(executionProfile);
    }
    return s.setIdempotent(f.idempotent);
  }

  /** Whether statements of this prepared statement may be retried and batched freely. */
  public boolean isIdempotent(BoundStatement bound) {
    return facts.computeIfAbsent(bound.getPreparedStatement(), this::factsOf).idempotent;
  }

  /** Whether the statement updates a counter (Cassandra refuses a custom write timestamp on it). */
  public boolean isCounterUpdate(BoundStatement bound) {
    return facts.computeIfAbsent(bound.getPreparedStatement(), this::factsOf).counter;
  }

  private Facts factsOf(PreparedStatement prepared) {
    String cql = prepared.getQuery();
    ColumnDefinitions vars = prepared.getVariableDefinitions();
    int ttlIndex = -1;
    if (options.hasTtl()) {
      for (String marker : TTL_MARKERS) {
        ttlIndex = vars.firstIndexOf(marker);
        if (ttlIndex >= 0) {
          break;
        }
      }
      if (ttlIndex < 0) {
        throw new InvalidWriteConfigurationException("withTtl needs a TTL bind marker in the statement, "
            + "but '" + cql + "' has none: add 'USING TTL ?' (or ':ttl'; with the mapper, "
            + "@Insert(ttl = \":ttl\"))");
      }
    }
    boolean idempotent = options.idempotent() != null ? options.idempotent() : Idempotence.isIdempotent(cql);
    boolean counter = false;
    for (ColumnDefinition v : vars) {
      counter |= v.getType().equals(DataTypes.COUNTER);
    }
    if (counter && options.hasTimestamp()) {
      // The server drops a client timestamp on a counter update without a word: fail instead of ignoring the option.
      throw new InvalidWriteConfigurationException("withWriteTimestamp does not apply to counter updates: Cassandra "
          + "ignores a client timestamp on '" + cql + "'; remove withWriteTimestamp");
    }
    return new Facts(vars.size(), ttlIndex, idempotent, counter);
  }

  private record Facts(int variables, int ttlIndex, boolean idempotent, boolean counter) {}
}
