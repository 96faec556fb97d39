package io.cassandraio.examples.cluster;

import io.cassandraio.examples.EnvironmentVariables;
import io.cassandraio.local.CassandraBackends;
import io.cassandraio.local.ClusterSpec;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where a job's Cassandra is, given on its command line rather than in its environment. */
public interface CassandraTargetOptions extends PipelineOptions {
  @Description("Cassandra to write to, as host[:port],host[:port] (port 9042 if absent). Wins over the "
      + "environment variable " + CassandraBackends.CONTACT_POINTS_ENV + ". Required when the job is "
      + "submitted to a Flink cluster (flink run, REST API): its main then runs in the JobManager, "
      + "whose environment is not yours, and no embedded node is started there. When neither is set, "
      + "a local run starts an embedded node.")
  String getCassandraContactPoints();

  void setCassandraContactPoints(String contactPoints);

  @Description("Local datacenter of the Cassandra named by --cassandraContactPoints "
      + "(default: $" + CassandraBackends.LOCAL_DC_ENV + ", else " + ClusterSpec.LOCAL_DATACENTER + ")")
  @Default.InstanceFactory(LocalDatacenterFactory.class)
  String getLocalDatacenter();

  void setLocalDatacenter(String datacenter);

  /** {@code $CASSANDRA_LOCAL_DC} if set, else the local nodes' datacenter name. */
  final class LocalDatacenterFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return EnvironmentVariables.valueOr(CassandraBackends.LOCAL_DC_ENV, ClusterSpec.LOCAL_DATACENTER);
    }
  }
}
