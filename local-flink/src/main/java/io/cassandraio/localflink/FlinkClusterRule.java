package io.cassandraio.localflink;

import org.junit.rules.ExternalResource;

/** JUnit 4 rule: a {@link LocalFlinkCluster} started before and stopped after the tests. */
public final class FlinkClusterRule extends ExternalResource {
  private final FlinkClusterSpec spec;
  private LocalFlinkCluster cluster;

  public FlinkClusterRule(FlinkClusterSpec spec) {
    this.spec = spec;
  }

  public FlinkClusterRule() {
    this(FlinkClusterSpec.defaults());
  }

  @Override
  protected void before() {
    cluster = LocalFlinkCluster.start(spec);
  }

  @Override
  protected void after() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  public LocalFlinkCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("The Flink cluster is not running: use the rule as a @Rule or @ClassRule");
    }
    return cluster;
  }
}
