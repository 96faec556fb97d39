package io.cassandraio;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import java.io.Serializable;

/**
 * Binds one element to a prepared CQL statement, for {@link CassandraIO.Write#withStatement}.
 *
 * <pre>{@code
 * (TurbineStats s, BoundStatementBuilder b) -> b.setString("turbineid", s.id).setDouble("avg_speed", s.avg).build()
 * }</pre>
 */
@FunctionalInterface
public interface StatementBinder<T> extends Serializable {
  BoundStatement bind(T element, BoundStatementBuilder builder);
}
