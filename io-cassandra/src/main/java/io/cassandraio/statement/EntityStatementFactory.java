package io.cassandraio.statement;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.session.SessionLease;
import java.util.Objects;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * A driver-4 mapper DAO whose {@code @Insert}, {@code @Update} or {@code @Delete} method returns
 * a {@link BoundStatement}. The DAO is built once per session and shared by all writers on it.
 */
public final class EntityStatementFactory<T, DaoT> implements StatementFactory<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> entityClass;
  private final SerializableFunction<CqlSession, DaoT> daoFactory;
  private final SerializableBiFunction<DaoT, T, BoundStatement> statement;

  public EntityStatementFactory(
      Class<T> entityClass,
      SerializableFunction<CqlSession, DaoT> daoFactory,
      SerializableBiFunction<DaoT, T, BoundStatement> statement) {
    this.entityClass = Objects.requireNonNull(entityClass, "withEntity entity class");
    this.daoFactory = Objects.requireNonNull(daoFactory, "withEntity DAO factory");
    this.statement = Objects.requireNonNull(statement, "withEntity statement method");
  }

  @Override
  public StatementMaker<T> open(SessionLease lease) {
    DaoT dao = lease.perSession("dao:" + entityClass.getName() + ":" + daoFactory.getClass().getName(),
        daoFactory::apply);
    return element -> {
      BoundStatement bound = statement.apply(dao, element);
      if (bound == null) {
        throw new IllegalStateException("withEntity: the DAO method returned null for " + element
            + "; it must return a BoundStatement (e.g. '@Insert BoundStatement save("
            + entityClass.getSimpleName() + " e)')");
      }
      return bound;
    };
  }

  @Override
  public String describe() {
    return "entity " + entityClass.getName();
  }
}
