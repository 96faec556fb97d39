package io.cassandraio.examples.counter;

import io.cassandraio.examples.cluster.CassandraTargetOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of {@link EventCounterJob}; every one has a default, so the job runs without any. */
public interface EventCounterOptions extends FlinkPipelineOptions, CassandraTargetOptions {
  @Description("Number of simulated page-view events")
  @Default.Integer(20_000)
  int getEvents();

  void setEvents(int events);

  @Description("Number of distinct pages (one counter each)")
  @Default.Integer(50)
  int getPages();

  void setPages(int pages);

  @Description("Failures to inject upstream of the writer (the job restarts from its last checkpoint each time)")
  @Default.Integer(2)
  int getInjectFailures();

  void setInjectFailures(int failures);

  @Description("Keyspace of the counter and checkpoint tables (created if absent)")
  @Default.String("page_stats")
  String getKeyspace();

  void setKeyspace(String keyspace);

  @Description("Loopback address of the embedded node started when neither --cassandraContactPoints nor "
      + "CASSANDRA_CONTACT_POINTS is set")
  @Default.String("127.0.0.1")
  String getLocalCassandraAddress();

  void setLocalCassandraAddress(String address);
}
