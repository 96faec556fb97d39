package io.cassandraio.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.CassandraConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.rules.ExternalResource;

/**
 * A keyspace for one test class ({@code @ClassRule}): a unique name (the class's prefix plus a
 * random suffix, so that runs on a shared cluster and leftovers of a killed run never collide),
 * created with the tables the class declares before its first test, dropped after its last.
 *
 * <pre>{@code
 * @ClassRule
 * public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_report_mode")
 *     .withTable("report", "k text, c int, v text, PRIMARY KEY (k, c)");
 * ...
 * CassandraIO.write().withConnection(KEYSPACE.connection()) ...   // session keyspace = this one
 * KEYSPACE.session().execute("SELECT ... FROM " + KEYSPACE.table("report"));
 * }</pre>
 *
 * <p>The name is known when the rule is built, so it can go into constants of the class. On a
 * cluster of the class's own, order the rules: {@code @ClassRule(order = 0)} for the
 * {@link FreshCluster}, {@code order = 1} for the keyspace.
 */
public final class TestKeyspace extends ExternalResource {
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  private final TestCassandra cassandra;
  private final String name;
  private int replicationFactor = 1;
  private final List<BiConsumer<CqlSession, String>> setup = new ArrayList<>();
  private final Set<String> dropped = new LinkedHashSet<>();

  private TestKeyspace(TestCassandra cassandra, String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("a keyspace prefix is 1-30 characters of [a-z0-9_], starting with a letter: "
          + prefix);
    }
    this.cassandra = cassandra;
    this.name = prefix + "_" + suffix();
    dropped.add(name);
  }

  /** A keyspace on the shared node ({@link SharedCassandra}), replication factor 1. */
  public static TestKeyspace onSharedNode(String prefix) {
    return new TestKeyspace(SharedCassandra.NODE, prefix);
  }

  /** A keyspace on {@code cassandra} (e.g. a {@link FreshCluster}), replication factor 1 unless changed. */
  public static TestKeyspace on(TestCassandra cassandra, String prefix) {
    return new TestKeyspace(cassandra, prefix);
  }

  /** SimpleStrategy with this replication factor (default 1). */
  public TestKeyspace withReplicationFactor(int factor) {
    this.replicationFactor = factor;
    return this;
  }

  /** {@code CREATE TABLE <keyspace>.<table> (<definition>)} before the first test. */
  public TestKeyspace withTable(String table, String definition) {
    return withSetup((session, keyspace) ->
        ddl(session, "CREATE TABLE " + keyspace + "." + table + " (" + definition + ")"));
  }

  /** Any further setup (types, tables made by the code under test's own helpers), after the keyspace exists. */
  public TestKeyspace withSetup(BiConsumer<CqlSession, String> step) {
    setup.add(step);
    return this;
  }

  /** The keyspace's name. */
  public String name() {
    return name;
  }

  /** {@code <keyspace>.<table>}. */
  public String table(String table) {
    return name + "." + table;
  }

  /**
   * The name of another keyspace of this class ({@code <keyspace>_<suffix>}), for the code under
   * test to create: not created here, but dropped with this one.
   */
  public String related(String suffix) {
    String related = name + "_" + suffix;
    if (related.length() > 48) {
      throw new IllegalArgumentException("keyspace names have at most 48 characters: " + related);
    }
    dropped.add(related);
    return related;
  }

  /** The test's session (not bound to this keyspace: qualify table names); do not close it. */
  public CqlSession session() {
    return cassandra.session();
  }

  /** A connection for the code under test with this keyspace as the session keyspace. */
  public CassandraConnection connection() {
    return cassandra.connection().withKeyspace(name);
  }

  @Override
  protected void before() {
    CqlSession session = session();
    ddl(session, "CREATE KEYSPACE " + name + " WITH replication = {'class': 'SimpleStrategy', "
        + "'replication_factor': " + replicationFactor + "}");
    for (BiConsumer<CqlSession, String> step : setup) {
      step.accept(session, name);
    }
  }

  @Override
  protected void after() {
    for (String keyspace : dropped) {
      ddl(session(), "DROP KEYSPACE IF EXISTS " + keyspace);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  /** Schema changes wait for schema agreement, which takes a while on a busy machine. */
  private static void ddl(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }

  private static String suffix() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      b.append(Character.forDigit(RANDOM.nextInt(36), 36));
    }
    return b.toString();
  }
}
