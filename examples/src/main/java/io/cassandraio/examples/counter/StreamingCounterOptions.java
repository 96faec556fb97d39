package io.cassandraio.examples.counter;

import io.cassandraio.examples.cluster.CassandraTargetOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of {@link StreamingCounterJob}; the Flink ones it needs for exactly-once are set by the job.
 * Cassandra: {@code --cassandraContactPoints} (else the env var {@code CASSANDRA_CONTACT_POINTS} of the
 * JVM that runs main, which on a Flink cluster is the JobManager's) and {@code --localDatacenter}.
 */
public interface StreamingCounterOptions extends FlinkPipelineOptions, CassandraTargetOptions {
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

  @Description("Name of the exactly-once counter write. Flink finds the write's state in a savepoint by this "
      + "name: a job restored with another name is refused (its state would be left behind)")
  @Default.String(StreamingCounterPipeline.COUNTERS)
  String getCounterWriteName();

  void setCounterWriteName(String name);
}
