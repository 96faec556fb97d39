package io.cassandraio.it.fault;

import static org.junit.Assert.assertEquals;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Reads of three nodes with one token each, replication factor 3, the rows written at ALL: first
 * with every node up (the control), then with one node down (killed with SIGKILL): at QUORUM (two replicas of every range still up), read right
 * after the kill, while the other nodes may still take the dead one for alive and time out on it
 * (the read requests such a page again); and at ONE. Both must return every row exactly once.
 * The node is restored after the class.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class NodeDownReadFaultIT {
  @ClassRule(order = 0)
  public static final FaultCluster CLUSTER = new FaultCluster();
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "fault_node_down_read").withReplicationFactor(3)
      .withTable("items", "k bigint PRIMARY KEY, v text");

  private static final int VICTIM = 3;
  private static final int ROWS = 500;
  private static final List<Long> KEYS = new ArrayList<>();

  @BeforeClass
  public static void writeAtAllThenKill() {
    CqlSession session = CLUSTER.session();
    PreparedStatement insert = session.prepare("INSERT INTO " + KEYSPACE.table("items") + " (k, v) VALUES (?, ?)");
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (long i = 0; i < ROWS; i++) {
      long k = i * 6_700_417L;
      writes.add(session.executeAsync(insert.bind(k, "v" + i).setConsistencyLevel(DefaultConsistencyLevel.ALL))
          .toCompletableFuture());
      KEYS.add(k);
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
  }

  @AfterClass
  public static void restoreTheNode() {
    CLUSTER.restore();
  }

  /** The control: three nodes with one token each, all up. */
  @Test
  public void a_readWithEveryNodeUpReturnsEveryRow() {
    read(DefaultConsistencyLevel.QUORUM, "three_nodes_read_quorum");
  }

  @Test
  public void b_readAtQuorumRightAfterTheKillReturnsEveryRow() {
    FaultCluster.cluster().kill(VICTIM);
    read(DefaultConsistencyLevel.QUORUM, "node_down_read_quorum");
  }

  @Test
  public void c_readAtOneReturnsEveryRow() {
    read(DefaultConsistencyLevel.ONE, "node_down_read_one");
  }

  private static void read(ConsistencyLevel level, String scenario) {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<Long> keys = pipeline.apply(CassandraIO.read().withConnection(KEYSPACE.connection())
        .withTable("items").withConsistencyLevel(level).withNumSplits(6).withPageSize(100)
        .withRowMapper(r -> r.getInt64("k"), VarLongCoder.of()));
    PAssert.that(keys).containsInAnyOrder(KEYS);
    long t0 = System.nanoTime();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    long retried = WriterMetrics.committed(result, CassandraIOMetrics.PAGES_RETRIED);
    System.out.printf("NodeDownReadFaultIT: %s (%s): %d rows in %d ms, %d pages retried%n", level, scenario, ROWS,
        millis, retried);
    assertEquals(ROWS, WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ));
    new FaultReport.Entry(scenario, "DirectRunner").put("consistency", level.name()).put("rows", ROWS)
        .put("rows_read", WriterMetrics.committed(result, CassandraIOMetrics.ROWS_READ)).put("pages_retried", retried)
        .put("job_ms", millis).record();
    SessionLeases.awaitReleased("after the read at " + level);
  }
}
