package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.internal.session.SessionLease;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.SerializableUtils;

/**
 * Driver rows into mapper entities through a driver-4 DAO's {@code @GetEntity} method (for
 * example {@code @GetEntity Item asItem(Row row)}). The DAO is built once per session and shared,
 * as the write's {@code EntityStatementFactory} does it.
 */
public final class EntityReader<T, DaoT> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Class<T> entityClass;
  private final SerializableFunction<CqlSession, DaoT> daoFactory;
  private final SerializableBiFunction<DaoT, Row, T> getEntity;
  /** The DAO's per-session key, from the factory's serialized form (two lambdas of one class may capture different tables). */
  private final String daoKey;

  public EntityReader(Class<T> entityClass, SerializableFunction<CqlSession, DaoT> daoFactory,
      SerializableBiFunction<DaoT, Row, T> getEntity) {
    this.entityClass = Objects.requireNonNull(entityClass, "withEntity entity class must not be null");
    this.daoFactory = Objects.requireNonNull(daoFactory, "withEntity DAO factory must not be null");
    this.getEntity = Objects.requireNonNull(getEntity, "withEntity @GetEntity method must not be null");
    this.daoKey = "read-dao:" + entityClass.getName() + ":" + daoFactory.getClass().getName() + ":"
        + sha256(SerializableUtils.serializeToByteArray(daoFactory));
  }

  /** The mapping on {@code lease}'s session. */
  Function<Row, T> open(SessionLease lease) {
    DaoT dao = lease.perSession(daoKey, daoFactory::apply);
    return row -> {
      T entity = getEntity.apply(dao, row);
      if (entity == null) {
        throw new IllegalStateException("withEntity: the DAO's @GetEntity method returned null for a row; it must "
            + "return a " + entityClass.getSimpleName());
      }
      return entity;
    };
  }

  public String describe() {
    return entityClass.getName();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
