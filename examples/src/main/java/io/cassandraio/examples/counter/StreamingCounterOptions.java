package io.cassandraio.examples.counter;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of {@link StreamingCounterJob}; the Flink ones it needs for exactly-once are set by the job. */
public interface StreamingCounterOptions extends FlinkPipelineOptions {
  @Description("Cassandra contact points, host:port,... (default: the env var CASSANDRA_CONTACT_POINTS of the "
      + "JVM running main, which on a Flink cluster is the JobManager's)")
  @Default.InstanceFactory(ContactPointsFromEnvironment.class)
  String getCassandraContactPoints();

  void setCassandraContactPoints(String contactPoints);

  @Description("Local datacenter of the Cassandra cluster")
  @Default.String("datacenter1")
  String getLocalDatacenter();

  void setLocalDatacenter(String datacenter);

  @Description("Keyspace of the counter, event and checkpoint tables (created if absent)")
  @Default.String("page_stream")
  String getKeyspace();

  void setKeyspace(String keyspace);

  @Description("Replication factor of the keyspace when this job creates it (SimpleStrategy)")
  @Default.Integer(1)
  int getReplicationFactor();

  void setReplicationFactor(int replicationFactor);

  @Description("Page views generated per second, over all source splits together")
  @Default.Double(200)
  double getEventsPerSecond();

  void setEventsPerSecond(double eventsPerSecond);

  @Description("Number of events, ids 0..events-1, after which the source ends and the job finishes; "
      + "0: endless, the job runs until it is stopped or cancelled")
  @Default.Long(0)
  long getEvents();

  void setEvents(long events);

  @Description("Number of distinct pages (one counter each)")
  @Default.Integer(50)
  int getPages();

  void setPages(int pages);

  @Description("Consistency level of every write and of the exactly-once lookups and records, e.g. QUORUM")
  @Default.String("LOCAL_QUORUM")
  String getConsistency();

  void setConsistency(String consistency);

  @Description("If set, a table that gets the same counters through the plain writer (no exactly-once): "
      + "it over-counts after a restore, which is what exactly-once is for")
  String getPlainCounterTable();

  void setPlainCounterTable(String table);

  @Description("Adds an unrelated branch (a sampled view counter metric): stands for a change to the user's "
      + "pipeline between a savepoint and a restore")
  @Default.Boolean(false)
  boolean getExtraBranch();

  void setExtraBranch(boolean extraBranch);

  @Description("Shards of both exactly-once writes (the keys of their sequencing state): must not change between "
      + "a savepoint and a restore")
  @Default.Integer(4)
  int getShards();

  void setShards(int shards);

  /** {@code CASSANDRA_CONTACT_POINTS}, or null (the job then fails naming the option). */
  final class ContactPointsFromEnvironment implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return System.getenv("CASSANDRA_CONTACT_POINTS");
    }
  }
}
