package io.cassandraio.examples.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.cassandraio.local.BackendKind;
import io.cassandraio.local.CassandraBackends;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.RunningCassandra;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/** Which Cassandra a job uses; none of these cases starts a node (the option, or a refusal, comes first). */
public class JobCassandraTest {
  @Test
  public void theOptionNamesTheClusterAndItsDatacenter() {
    CassandraTargetOptions options = PipelineOptionsFactory
        .fromArgs("--cassandraContactPoints=10.0.0.5:9142, cass-2", "--localDatacenter=dc1")
        .as(CassandraTargetOptions.class);
    try (RunningCassandra cassandra = JobCassandra.open(options, ClusterSpec.nodes(1), true)) {
      assertEquals(BackendKind.EXTERNAL, cassandra.kind());
      assertEquals(List.of(InetSocketAddress.createUnresolved("10.0.0.5", 9142),
          InetSocketAddress.createUnresolved("cass-2", 9042)), cassandra.contactPoints());
      assertEquals("dc1", cassandra.localDatacenter());
      assertTrue(cassandra.description(), cassandra.description().contains("--cassandraContactPoints"));
    }
  }

  @Test
  public void aBadOptionValueNamesTheOption() {
    CassandraTargetOptions options = PipelineOptionsFactory.fromArgs("--cassandraContactPoints=h:x9")
        .as(CassandraTargetOptions.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobCassandra.open(options, ClusterSpec.nodes(1), false));
    assertTrue(e.getMessage(), e.getMessage().startsWith("--cassandraContactPoints entry 'h:x9'"));
  }

  @Test
  public void insideAFlinkClusterNoEmbeddedNodeIsStarted() {
    assumeTrue("needs no " + CassandraBackends.CONTACT_POINTS_ENV + " in this environment",
        System.getenv(CassandraBackends.CONTACT_POINTS_ENV) == null);
    CassandraTargetOptions options = PipelineOptionsFactory.as(CassandraTargetOptions.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobCassandra.open(options, ClusterSpec.nodes(1), true));
    assertTrue(e.getMessage(), e.getMessage().contains("--cassandraContactPoints=host:port"));
  }
}
