package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.internal.statement.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a read's splits, once (its input is a single impulse): the ring and its replicas from the
 * driver's token map, the size estimates from {@code system.size_estimates} of every node that is
 * up, then {@link SplitPlanner}. Without a Murmur3 token map it reads the table as one split.
 */
public final class PlanSplitsFn extends DoFn<byte[], ReadSplit> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PlanSplitsFn.class);
  static final String MURMUR3 = "org.apache.cassandra.dht.Murmur3Partitioner";
  private static final String ESTIMATES = "SELECT range_start, range_end, partitions_count, mean_partition_size "
      + "FROM system.size_estimates WHERE keyspace_name = ? AND table_name = ?";

  private final ReadSpec<?> spec;
  private transient @Nullable SessionLease lease;

  public PlanSplitsFn(ReadSpec<?> spec) {
    this.spec = spec;
  }

  @Setup
  public void setup() {
    lease = SharedSessions.acquire(spec.connection(), this);
  }

  @ProcessElement
  public void processElement(OutputReceiver<ReadSplit> out) {
    List<ReadSplit> splits = plan(lease.session());
    splits.forEach(out::output);
    Metrics.counter(CassandraIOMetrics.NAMESPACE, CassandraIOMetrics.SPLITS).inc(splits.size());
  }

  private List<ReadSplit> plan(CqlSession session) {
    Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
    if (tokens.isEmpty()) {
      LOG.warn("{}: the driver has no token map (token metadata disabled, or a service such as Amazon Keyspaces "
          + "with a partitioner the driver does not know): reading the whole table as one split, without "
          + "parallelism", spec.describe());
      return List.of(ReadSplit.ofWholeTable());
    }
    TokenMap map = tokens.get();
    if (!MURMUR3.equals(map.getPartitionerName())) {
      LOG.warn("{}: the cluster's partitioner is {}, not Murmur3Partitioner: reading the whole table as one split, "
          + "without parallelism", spec.describe(), map.getPartitionerName());
      return List.of(ReadSplit.ofWholeTable());
    }
    TableName table = spec.table();
    List<RingRange> ring = ring(map, table.keyspaceId());
    List<SizeEstimate> estimates = spec.numSplits() == null ? estimates(session, table) : List.of();
    List<ReadSplit> splits = SplitPlanner.plan(ring, estimates, spec.numSplits(), SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES,
        SplitPlanner.MIN_DEFAULT_SPLITS);
    LOG.info("{}: {} splits over {} token ranges ({})", spec.describe(), splits.size(), ring.size(),
        spec.numSplits() != null ? "withNumSplits"
            : "estimated " + SplitPlanner.estimatedBytes(estimates) + " bytes from " + estimates.size() + " size estimates");
    return splits;
  }

  static List<RingRange> ring(TokenMap map, CqlIdentifier keyspace) {
    List<RingRange> ring = new ArrayList<>();
    for (TokenRange range : map.getTokenRanges()) {
      List<String> replicas = map.getReplicas(keyspace, range).stream().map(PlanSplitsFn::nodeId).toList();
      ring.add(new RingRange(Long.parseLong(map.format(range.getStart())), Long.parseLong(map.format(range.getEnd())),
          replicas));
    }
    return ring;
  }

  private static String nodeId(Node node) {
    return node.getHostId() != null ? node.getHostId().toString() : node.getEndPoint().toString();
  }

  /**
   * The estimates of every node that is up, each asked directly (they are local to each node). A
   * node that does not answer is left out: the planner extrapolates from the ranges it got.
   */
  private List<SizeEstimate> estimates(CqlSession session, TableName table) {
    List<SizeEstimate> estimates = new ArrayList<>();
    for (Node node : session.getMetadata().getNodes().values()) {
      if (node.getState() != NodeState.UP) {
        continue;
      }
      try {
        for (Row row : session.execute(SimpleStatement.newInstance(ESTIMATES, table.keyspaceId().asInternal(),
            table.tableId().asInternal()).setNode(node))) {
          estimates.add(new SizeEstimate(Long.parseLong(row.getString(0)), Long.parseLong(row.getString(1)),
              row.getLong(2), row.getLong(3)));
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: no size estimates from {} ({}); planning without them", spec.describe(), node.getEndPoint(),
            e.toString());
      }
    }
    return estimates;
  }

  @Teardown
  public void teardown() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
