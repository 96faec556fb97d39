package io.cassandraio.internal.statement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

/** Which writers share a session's DAO: those whose DAO factories are the same, captures included. */
public class EntityStatementFactoryTest {
  /** Stands in for a mapper: "the DAO for this keyspace". */
  private static SerializableFunction<CqlSession, String> daoFor(String keyspace) {
    return session -> "dao of " + keyspace;
  }

  private static EntityStatementFactory<String, String> factory(String keyspace) {
    return new EntityStatementFactory<>(String.class, daoFor(keyspace), (dao, e) -> (BoundStatement) null);
  }

  @Test
  public void sameLambdaClassWithDifferentCapturesGetsDifferentDaos() {
    assertEquals(daoFor("a").getClass(), daoFor("b").getClass());
    assertNotEquals(factory("a").daoKey(), factory("b").daoKey());
  }

  @Test
  public void equalFactoriesShareTheDaoAlsoAfterSerialization() {
    EntityStatementFactory<String, String> a = factory("a");
    assertEquals(a.daoKey(), factory("a").daoKey());
    @SuppressWarnings("unchecked")
    EntityStatementFactory<String, String> copy = (EntityStatementFactory<String, String>)
        SerializableUtils.clone(a);
    assertEquals(a.daoKey(), copy.daoKey());
  }
}
