package io.cassandraio.internal.statement;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.detach.AttachmentPoint;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.internal.core.cql.DefaultColumnDefinition;
import com.datastax.oss.driver.internal.core.cql.DefaultColumnDefinitions;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import com.datastax.oss.protocol.internal.response.result.RawType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Real driver bound statements without a cluster: a mocked {@link PreparedStatement} (its CQL and
 * bind variables) and the driver's own {@link BoundStatementBuilder}, so that set, unset, null,
 * TTL marker, timestamp and consistency behave as they do in production. The variable
 * definitions are the driver's internal implementation, as a prepare would return them.
 */
final class FakeStatements {
  private FakeStatements() {}

  /** A bind variable: its name (as Cassandra names it, e.g. {@code [ttl]}) and protocol type. */
  record Var(String name, int protocolType) {
    static Var timestamp(String name) {
      return new Var(name, ProtocolConstants.DataType.TIMESTAMP);
    }
  }

  static Var text(String name) {
    return new Var(name, ProtocolConstants.DataType.VARCHAR);
  }

  static Var integer(String name) {
    return new Var(name, ProtocolConstants.DataType.INT);
  }

  static Var bigint(String name) {
    return new Var(name, ProtocolConstants.DataType.BIGINT);
  }

  static Var counter(String name) {
    return new Var(name, ProtocolConstants.DataType.COUNTER);
  }

  static ColumnDefinitions variables(Var... vars) {
    List<ColumnDefinition> defs = new ArrayList<>();
    for (int i = 0; i < vars.length; i++) {
      ColumnSpec spec = new ColumnSpec("ks", "t", vars[i].name(), i, RawType.PRIMITIVES.get(vars[i].protocolType()));
      defs.add(new DefaultColumnDefinition(spec, AttachmentPoint.NONE));
    }
    return DefaultColumnDefinitions.valueOf(defs);
  }

  static PreparedStatement prepared(String cql, Var... vars) {
    PreparedStatement prepared = mock(PreparedStatement.class);
    ColumnDefinitions variables = variables(vars);
    when(prepared.getQuery()).thenReturn(cql);
    when(prepared.getVariableDefinitions()).thenReturn(variables);
    when(prepared.getResultSetDefinitions()).thenReturn(variables(new Var[0]));
    when(prepared.boundStatementBuilder()).thenAnswer(inv -> builder(prepared, variables));
    return prepared;
  }

  /** As {@code prepared.boundStatementBuilder()} makes it: every variable unset, no options. */
  static BoundStatementBuilder builder(PreparedStatement prepared, ColumnDefinitions variables) {
    ByteBuffer[] values = new ByteBuffer[variables.size()];
    Arrays.fill(values, ProtocolConstants.UNSET_VALUE);
    return new BoundStatementBuilder(prepared, variables, values, null, null, null, null, null, Map.of(), null, false,
        Statement.NO_DEFAULT_TIMESTAMP, null, Integer.MIN_VALUE, null, null, null, CodecRegistry.DEFAULT,
        ProtocolVersion.DEFAULT);
  }
}
