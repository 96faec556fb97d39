package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.StatementBinder;
import io.cassandraio.internal.session.SessionLease;
import java.util.Objects;

/** A CQL string, prepared once per session, plus the user's binder. */
public final class CqlStatementFactory<T> implements StatementFactory<T> {
  private static final long serialVersionUID = 1L;
  private final String cql;
  private final StatementBinder<T> binder;

  public CqlStatementFactory(String cql, StatementBinder<T> binder) {
    if (cql == null || cql.isBlank()) {
      throw new IllegalArgumentException("withStatement needs a CQL statement, was "
          + (cql == null ? "null" : "'" + cql + "'"));
    }
    this.cql = cql;
    this.binder = Objects.requireNonNull(binder, "withStatement binder must not be null");
  }

  @Override
  public StatementMaker<T> open(SessionLease lease) {
    PreparedStatement prepared;
    try {
      prepared = lease.session().prepare(cql);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("withStatement: cannot prepare '" + cql + "': " + e.getMessage(), e);
    }
    return StatementMaker.bindingTo(prepared, element -> binder.bind(element, prepared.boundStatementBuilder()));
  }

  @Override
  public String describe() {
    return cql;
  }
}
