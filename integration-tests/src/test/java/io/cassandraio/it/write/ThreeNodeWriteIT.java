package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.FailedWrite;
import io.cassandraio.FailureMode;
import io.cassandraio.Grouping;
import io.cassandraio.WriteResult;
import io.cassandraio.internal.grouping.BatchLimits;
import io.cassandraio.it.fault.FaultCluster;
import io.cassandraio.it.support.RequestCounter;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * The writer on a 3-node cluster (the fault suite's, {@link FaultCluster}: restored before this
 * class, so all three nodes are UP), keyspace RF=1 (so partitions live on different nodes).
 *
 * <p>REPLICA_SET and AUTO grouping never batch statements whose replica sets differ. Proven from
 * what was sent: for every batch the listener saw, each child's replicas are computed
 * independently here, from this test's own session's token map and the child's bound
 * partition-key values, and must all be equal; and batches spanning several partitions must have
 * happened.
 *
 * <p>One attempt of the writer's is one request on the wire: the driver's own retry policy does
 * not retry writes ({@code WriterRetryPolicy}), the writer's {@code withMaxAttempts} does. Counted
 * with a driver request tracker ({@link RequestCounter}) on writes that fail at once with
 * UnavailableException (consistency THREE on RF=1); with the driver's default policy each attempt
 * would be two node attempts (it tries the next node once), which a control run shows the tracker
 * sees. Three nodes, so that there is a next node to try.
 */
public class ThreeNodeWriteIT {
  @ClassRule(order = 0)
  public static final FaultCluster CLUSTER = new FaultCluster(); // the fault suite's 3 nodes, all UP
  @ClassRule(order = 1)
  public static final TestKeyspace KEYSPACE = TestKeyspace.on(CLUSTER, "it_three_node_write").withSetup((s, ks) -> {
    for (String table : new String[] {"events", "events_auto"}) {
      s.execute("CREATE TABLE " + ks + "." + table
          + " (region text, pk int, ck int, v text, PRIMARY KEY ((region, pk), ck))");
    }
    s.execute("CREATE TABLE " + ks + ".attempts (k int PRIMARY KEY, v text)");
  });

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** Composite partition key (region, pk), so the writer's routing-key composition is checked too. */
  record Event(String region, int pk, int ck, String v) implements Serializable {
    String key() {
      return region + ":" + pk + "/" + ck;
    }
  }

  /** 90 partitions x 3 rows, interleaved. */
  static List<Event> input() {
    List<Event> out = new ArrayList<>();
    for (int ck = 0; ck < 3; ck++) {
      for (int p = 0; p < 90; p++) {
        String region = "r" + (p % 4);
        out.add(new Event(region, p, ck, "v-" + region + "-" + p + "-" + ck));
      }
    }
    return out;
  }

  @Test
  public void batchesNeverMixReplicaSets() {
    writeAndCheck(Grouping.REPLICA_SET, input(), "events");
  }

  /** AUTO packs lone rows by replica set: half the partitions here have one row only. */
  @Test
  public void autoNeverMixesReplicaSetsEither() {
    List<Event> input = new ArrayList<>();
    for (Event e : input()) {
      if (e.pk() < 45 || e.ck() == 0) {
        input.add(e);
      }
    }
    writeAndCheck(Grouping.AUTO, input, "events_auto");
  }

  private void writeAndCheck(Grouping grouping, List<Event> input, String table) {
    String key = "replica-set-3-nodes-" + grouping;
    WriteItSupport.oneBundle(pipeline, "Events", input, SerializableCoder.of(Event.class))
        .apply(CassandraIO.<Event>write()
            .withConnection(KEYSPACE.connection())
            .withStatement("INSERT INTO " + table + " (region, pk, ck, v) VALUES (?, ?, ?, ?)",
                (e, b) -> b.setString("region", e.region()).setInt("pk", e.pk()).setInt("ck", e.ck())
                    .setString("v", e.v()).build())
            .withGrouping(grouping)
            .withSentRequestListener(WriteItSupport.recordingListener(key)));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    // Content.
    Map<String, String> expected = new TreeMap<>();
    input.forEach(e -> expected.put(e.key(), e.v()));
    Map<String, String> stored = new TreeMap<>();
    KEYSPACE.session().execute("SELECT region, pk, ck, v FROM " + KEYSPACE.table(table)).forEach(r -> stored.put(
        r.getString("region") + ":" + r.getInt("pk") + "/" + r.getInt("ck"), r.getString("v")));
    assertEquals(expected, stored);

    // What was sent, against replicas computed here.
    TokenMap tokens = KEYSPACE.session().getMetadata().getTokenMap()
        .orElseThrow(() -> new AssertionError("the test's own session has no token map"));
    CqlIdentifier ks = CqlIdentifier.fromCql(KEYSPACE.name());
    List<List<BoundStatement>> requests = WriteItSupport.sent(key);
    Set<Set<Node>> replicaSetsSeen = new HashSet<>();
    int batches = 0;
    int multiPartitionBatches = 0;
    long statements = 0;
    for (List<BoundStatement> request : requests) {
      statements += request.size();
      List<Set<Node>> replicas = new ArrayList<>();
      Set<String> partitions = new TreeSet<>();
      for (BoundStatement s : request) {
        // The token of the statement's own partition-key values, not of its routing key.
        Set<Node> r = tokens.getReplicas(ks, tokens.newToken(s.getBytesUnsafe("region"), s.getBytesUnsafe("pk")));
        assertEquals("RF=1: one replica per partition", 1, r.size());
        replicas.add(r);
        partitions.add(s.getString("region") + ":" + s.getInt("pk"));
      }
      replicaSetsSeen.addAll(replicas);
      if (request.size() > 1) {
        batches++;
        if (partitions.size() > 1) {
          multiPartitionBatches++;
        }
        assertEquals("a " + grouping + " batch mixed replica sets: " + describe(request, replicas),
            1, new HashSet<>(replicas).size());
        assertTrue("at most " + BatchLimits.DEFAULT_MAX_PARTITIONS + " partitions per batch: " + partitions,
            partitions.size() <= BatchLimits.DEFAULT_MAX_PARTITIONS);
      }
    }
    long retried = WriterMetrics.committed(result, CassandraIOMetrics.STATEMENTS_RETRIED);
    System.out.printf("ThreeNodeWriteIT " + grouping + ": %d rows in %d requests, %d batches (%d multi-partition), "
        + "%d replica sets, %d retried%n", input.size(), requests.size(), batches,
        multiPartitionBatches, replicaSetsSeen.size(), retried);
    assertEquals("every statement sent once (plus retries)", input.size() + retried, statements);
    assertEquals("the partitions live on all 3 nodes, else the test proves nothing", 3, replicaSetsSeen.size());
    assertTrue("no batch spanned several partitions, so " + grouping + " grouping was not exercised",
        multiPartitionBatches > 0);
    assertFalse(requests.isEmpty());
    assertEquals(input.size(), WriterMetrics.committed(result, CassandraIOMetrics.ROWS_WRITTEN));
  }

  // ---- one attempt of ours, one request on the wire ---------------------------------------------

  /** Elements written per run; each fails every attempt. */
  private static final int FAILING_ELEMENTS = 20;
  private static final int MAX_ATTEMPTS = 3;

  @Test
  public void oneAttemptOfTheWriterIsOneRequestOnTheWire() {
    RequestCounter.Counts wire = writeWhatCannotSucceed("writer-retry-policy");
    assertEquals("driver requests: one per attempt of the writer (" + wire + ")",
        FAILING_ELEMENTS * MAX_ATTEMPTS, wire.requestErrors.get());
    assertEquals("node attempts: one per attempt of the writer, the driver retried nothing (" + wire + ")",
        FAILING_ELEMENTS * MAX_ATTEMPTS, wire.nodeErrors.get());
  }

  /**
   * The control: with the driver's default retry policy (set in the same config file, which wins
   * over the writer's default) the driver tries the next node once on UnavailableException, and
   * the tracker sees two node attempts per attempt of the writer. So the count above would see a
   * multiplication if there were one.
   */
  @Test
  public void withTheDriversDefaultRetryPolicyTheTrackerSeesTwoNodeAttemptsPerAttempt() {
    RequestCounter.Counts wire = writeWhatCannotSucceed("driver-default-retry-policy",
        "advanced.retry-policy.class = DefaultRetryPolicy");
    assertEquals("driver requests: one per attempt of the writer (" + wire + ")",
        FAILING_ELEMENTS * MAX_ATTEMPTS, wire.requestErrors.get());
    assertEquals("node attempts with the driver's default policy: two per attempt of the writer (" + wire + ")",
        FAILING_ELEMENTS * MAX_ATTEMPTS * 2, wire.nodeErrors.get());
  }

  /**
   * Writes {@link #FAILING_ELEMENTS} rows one statement each ({@code Grouping.NONE}) at consistency
   * THREE into the RF=1 keyspace: every attempt fails at once with UnavailableException, which the
   * writer retries (the inserts are idempotent) until {@code withMaxAttempts(3)} is used up, then
   * reports the element ({@code FailureMode.REPORT}). Checks the writer's side: every element
   * reported failed with UnavailableException, each retried twice, nothing written. Returns what
   * the driver's request tracker saw in the session named {@code sessionName}.
   */
  private RequestCounter.Counts writeWhatCannotSucceed(String sessionName, String... driverSettings) {
    String session = sessionName + "-" + KEYSPACE.name();
    Path config = RequestCounter.configFile(session, driverSettings);
    List<Integer> keys = IntStream.range(0, FAILING_ELEMENTS).boxed().toList();
    WriteResult<Integer> result = pipeline.apply(Create.of(keys))
        .apply(CassandraIO.<Integer>write()
            .withConnection(KEYSPACE.connection().withConfigFile(config.toString()))
            .withStatement("INSERT INTO attempts (k, v) VALUES (?, ?)",
                (k, b) -> b.setInt(0, k).setString(1, "v" + k).build())
            .withGrouping(Grouping.NONE)
            .withIdempotent(true)
            .withConsistencyLevel(DefaultConsistencyLevel.THREE)
            .withMaxAttempts(MAX_ATTEMPTS)
            .withRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .withFailureMode(FailureMode.REPORT));
    PAssert.that(result.getFailedWrites()).satisfies(failures -> {
      List<Integer> failed = new ArrayList<>();
      for (FailedWrite<Integer> f : failures) {
        assertEquals(f.toString(), UnavailableException.class.getName(), f.getErrorClass());
        failed.add(f.getElement());
      }
      assertEquals("every element reported failed, once", keys, failed.stream().sorted().toList());
      return null;
    });
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();

    RequestCounter.Counts wire = RequestCounter.of(session);
    System.out.printf("ThreeNodeWriteIT %s: %d elements, withMaxAttempts(%d): %s%n", sessionName, FAILING_ELEMENTS,
        MAX_ATTEMPTS, wire);
    assertEquals("metric " + CassandraIOMetrics.FAILED_ELEMENTS, FAILING_ELEMENTS,
        WriterMetrics.committed(run, CassandraIOMetrics.FAILED_ELEMENTS));
    assertEquals("metric " + CassandraIOMetrics.STATEMENTS_RETRIED + ": each element retried "
        + (MAX_ATTEMPTS - 1) + " times", FAILING_ELEMENTS * (MAX_ATTEMPTS - 1),
        WriterMetrics.committed(run, CassandraIOMetrics.STATEMENTS_RETRIED));
    assertEquals("rows written", 0, KEYSPACE.session().execute("SELECT k FROM " + KEYSPACE.table("attempts")).all().size());
    assertEquals("no attempt may succeed (" + wire + ")", 0, wire.nodeSuccesses.get() + wire.requestSuccesses.get());
    assertEquals("every node attempt failed with UnavailableException (" + wire + ")", Set.of("UnavailableException"),
        wire.nodeErrorsByType.keySet());
    return wire;
  }

  private static String describe(List<BoundStatement> request, List<Set<Node>> replicas) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < request.size(); i++) {
      BoundStatement s = request.get(i);
      parts.add(s.getString("region") + ":" + s.getInt("pk") + " -> "
          + replicas.get(i).stream().map(n -> String.valueOf(n.getEndPoint())).collect(Collectors.joining(",")));
    }
    return parts.toString();
  }
}
