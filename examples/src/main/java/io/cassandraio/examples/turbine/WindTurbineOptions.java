package io.cassandraio.examples.turbine;

import io.cassandraio.examples.EnvironmentVariables;
import io.cassandraio.examples.cluster.CassandraTargetOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of {@link WindTurbineJob}; every one has a default, so the job runs without any. */
public interface WindTurbineOptions extends CassandraTargetOptions {
  @Description("Number of simulated turbines")
  @Default.Integer(4)
  int getTurbines();

  void setTurbines(int turbines);

  @Description("Minutes of event time to simulate")
  @Default.Integer(60)
  int getMinutes();

  void setMinutes(int minutes);

  @Description("Seconds between two readings of one turbine")
  @Default.Integer(5)
  int getReadingIntervalSeconds();

  void setReadingIntervalSeconds(int seconds);

  @Description("Event time of the first reading (ISO-8601)")
  @Default.String("2026-06-01T12:00:00Z")
  String getStartTime();

  void setStartTime(String startTime);

  @Description("Seed of the simulated speeds")
  @Default.Long(42)
  long getSeed();

  void setSeed(long seed);

  @Description("Keyspace of the aggregate table (created if absent)")
  @Default.String(WindTurbinePipeline.DEFAULT_KEYSPACE)
  String getKeyspace();

  void setKeyspace(String keyspace);

  @Description("Loopback address of the embedded node started when neither --cassandraContactPoints "
      + "nor CASSANDRA_CONTACT_POINTS is set (default: $LOCAL_CASSANDRA_ADDRESS, else 127.0.0.1)")
  @Default.InstanceFactory(LocalAddressFactory.class)
  String getLocalCassandraAddress();

  void setLocalCassandraAddress(String address);

  /** {@code $LOCAL_CASSANDRA_ADDRESS} if set, else 127.0.0.1. */
  final class LocalAddressFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return EnvironmentVariables.valueOr("LOCAL_CASSANDRA_ADDRESS", "127.0.0.1");
    }
  }
}
