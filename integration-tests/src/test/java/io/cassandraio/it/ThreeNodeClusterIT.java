package io.cassandraio.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.cassandraio.it.support.FreshCluster;
import io.cassandraio.it.support.Processes;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.local.LocalCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * A real 3-node cluster on 127.0.11.1-3: RF=3 QUORUM reads and writes, and a node killed with
 * SIGKILL that comes back and receives the writes it missed as hints.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ThreeNodeClusterIT {
  @ClassRule(order = 0)
  public static final FreshCluster CLUSTER = new FreshCluster(3, "127.0.11.1", "cassandra-3nodes");
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "three_node_it").withReplicationFactor(3);

  static final String HINTS_SUCCEEDED = "org.apache.cassandra.metrics:type=HintsService,name=HintsSucceeded";

  @Test
  public void a_quorumWritesAndReadsOnThreeUpNodes() {
    awaitDriverSeesAllUp(Duration.ofSeconds(30));
    CqlSession session = KEYSPACE.session();

    session.execute("CREATE TABLE " + KEYSPACE.name() + ".quorum (id int PRIMARY KEY, payload text, n bigint)");
    PreparedStatement insert =
        session.prepare("INSERT INTO " + KEYSPACE.name() + ".quorum (id, payload, n) VALUES (?, ?, ?)");
    int rows = 300;
    for (int i = 0; i < rows; i++) {
      session.execute(insert.bind(i, "q-" + i, i * 7L)
          .setConsistencyLevel(ConsistencyLevel.QUORUM).setIdempotent(true));
    }

    PreparedStatement select =
        session.prepare("SELECT payload, n FROM " + KEYSPACE.name() + ".quorum WHERE id = ?");
    for (int i = 0; i < rows; i++) {
      Row row = session.execute(select.bind(i).setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
      assertThat("row " + i, row, notNullValue());
      assertThat(row.getString("payload"), equalTo("q-" + i));
      assertThat(row.getLong("n"), equalTo(i * 7L));
    }
    // A QUORUM range scan over all three nodes returns exactly the rows written.
    Map<Integer, String> scanned = new TreeMap<>();
    for (Row row : session.execute(session.prepare("SELECT id, payload FROM " + KEYSPACE.name() + ".quorum")
        .bind().setConsistencyLevel(ConsistencyLevel.QUORUM).setPageSize(100))) {
      scanned.put(row.getInt("id"), row.getString("payload"));
    }
    assertThat(scanned.size(), equalTo(rows));
    scanned.forEach((id, payload) -> assertThat(payload, equalTo("q-" + id)));
  }

  @Test
  public void b_killedNodeGetsItsHintsAfterRestart() throws IOException {
    LocalCluster cluster = CLUSTER.cluster();
    CqlSession session = KEYSPACE.session();
    session.execute("CREATE TABLE " + KEYSPACE.name() + ".hinted (id int PRIMARY KEY, payload text, n bigint)");
    PreparedStatement insert =
        session.prepare("INSERT INTO " + KEYSPACE.name() + ".hinted (id, payload, n) VALUES (?, ?, ?)");
    int before = 100;
    int during = 200;
    for (int i = 0; i < before; i++) {
      session.execute(insert.bind(i, "before-" + i, (long) i)
          .setConsistencyLevel(ConsistencyLevel.ALL).setIdempotent(true));
    }
    long hintsBefore = hintsSucceeded(cluster);

    long pid = cluster.node(2).pid();
    assertTrue("node 2 should be running before the kill", Processes.isAlive(pid));
    long t0 = System.nanoTime();
    cluster.kill(2);
    long killMs = millisSince(t0);
    assertFalse("node 2 (PID " + pid + ") must be gone after kill(2)", Processes.isAlive(pid));
    assertFalse(cluster.node(2).isAlive());

    // QUORUM writes go on with two of three replicas; the coordinators keep hints for node 2.
    t0 = System.nanoTime();
    for (int i = before; i < before + during; i++) {
      session.execute(insert.bind(i, "during-" + i, i * 31L)
          .setConsistencyLevel(ConsistencyLevel.QUORUM).setIdempotent(true));
    }
    long writeMs = millisSince(t0);

    t0 = System.nanoTime();
    cluster.restart(2);
    long restartMs = millisSince(t0);
    long newPid = cluster.node(2).pid();
    assertTrue(Processes.isAlive(newPid));
    assertThat(newPid == pid, is(false));

    t0 = System.nanoTime();
    long replayed = awaitHints(cluster, hintsBefore + during, Duration.ofSeconds(90));
    long hintsMs = millisSince(t0);
    System.out.printf(
        "ThreeNodeClusterIT: kill node2 %d ms; %d QUORUM writes while down %d ms; restart %d ms; "
            + "hints replayed (%d, needed %d) %d ms after restart%n",
        killMs, during, writeMs, restartMs, replayed - hintsBefore, during, hintsMs);

    // With hints delivered, every replica has every row: CL=ALL reads see them all.
    PreparedStatement select =
        session.prepare("SELECT payload, n FROM " + KEYSPACE.name() + ".hinted WHERE id = ?");
    for (int i = 0; i < before + during; i++) {
      Row row = session.execute(select.bind(i).setConsistencyLevel(ConsistencyLevel.ALL)).one();
      assertThat("row " + i, row, notNullValue());
      if (i < before) {
        assertThat(row.getString("payload"), equalTo("before-" + i));
        assertThat(row.getLong("n"), equalTo((long) i));
      } else {
        assertThat(row.getString("payload"), equalTo("during-" + i));
        assertThat(row.getLong("n"), equalTo(i * 31L));
      }
    }
    awaitDriverSeesAllUp(Duration.ofSeconds(30));
  }

  /** Polls the driver's metadata (it learns of state changes a little after the nodes). */
  private static void awaitDriverSeesAllUp(Duration timeout) {
    await("the driver sees the 3 nodes " + CLUSTER.spec().nodeAddresses() + " UP").atMost(timeout)
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> {
          Map<String, NodeState> states = KEYSPACE.session().getMetadata().getNodes().values().stream().collect(
              Collectors.toMap(n -> ((InetSocketAddress) n.getEndPoint().resolve()).getAddress().getHostAddress(),
                  Node::getState, (a, b) -> a, TreeMap::new));
          assertThat("node states", states.keySet(), containsInAnyOrder(CLUSTER.spec().nodeAddresses().toArray()));
          assertThat("node states " + states, states.values(), everyItem(equalTo(NodeState.UP)));
        });
  }

  /** Sum of hints delivered by nodes 1 and 3 (node 2 is the one that was down). */
  private static long hintsSucceeded(LocalCluster cluster) throws IOException {
    return hintsSucceeded(cluster, 1) + hintsSucceeded(cluster, 3);
  }

  private static long hintsSucceeded(LocalCluster cluster, int node) throws IOException {
    // Registered when Cassandra first loads HintsServiceMetrics, i.e. on the first hint
    // delivery; until then the count is 0.
    return cluster.node(node).jmx().attributeIfRegistered(HINTS_SUCCEEDED, "Count")
        .map(count -> ((Number) count).longValue())
        .orElse(0L);
  }

  private static long awaitHints(LocalCluster cluster, long atLeast, Duration timeout) {
    return await("hints delivered by nodes 1 and 3 (MBean " + HINTS_SUCCEEDED + ")").atMost(timeout)
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
        .until(() -> hintsSucceeded(cluster), greaterThanOrEqualTo(atLeast));
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
