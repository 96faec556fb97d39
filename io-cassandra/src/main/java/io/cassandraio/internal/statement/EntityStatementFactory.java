package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.internal.session.SessionLease;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.SerializableUtils;

/**
 * A driver-4 mapper DAO whose {@code @Insert}, {@code @Update} or {@code @Delete} method returns
 * a {@link BoundStatement}. The DAO is built once per session and shared by all writers on it.
 */
public final class EntityStatementFactory<T, DaoT> implements StatementFactory<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> entityClass;
  private final SerializableFunction<CqlSession, DaoT> daoFactory;
  private final SerializableBiFunction<DaoT, T, BoundStatement> statement;
  /**
   * Which DAO of the session this factory uses. Derived from the DAO factory's serialized form,
   * not its class: two lambdas of one class that captured different values (say, a keyspace)
   * build different DAOs and must not share one.
   */
  private final String daoKey;

  public EntityStatementFactory(
      Class<T> entityClass,
      SerializableFunction<CqlSession, DaoT> daoFactory,
      SerializableBiFunction<DaoT, T, BoundStatement> statement) {
    this.entityClass = Objects.requireNonNull(entityClass, "withEntity entity class must not be null");
    this.daoFactory = Objects.requireNonNull(daoFactory, "withEntity DAO factory must not be null");
    this.statement = Objects.requireNonNull(statement, "withEntity statement method must not be null");
    this.daoKey = "dao:" + entityClass.getName() + ":" + daoFactory.getClass().getName() + ":"
        + sha256(SerializableUtils.serializeToByteArray(daoFactory));
  }

  @Override
  public StatementMaker<T> open(SessionLease lease) {
    DaoT dao = lease.perSession(daoKey, daoFactory::apply);
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

  /** The per-session cache key of this factory's DAO. */
  String daoKey() {
    return daoKey;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String describe() {
    return "entity " + entityClass.getName();
  }
}
