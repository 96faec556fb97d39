package io.cassandraio.examples.turbine;

import com.datastax.oss.driver.api.mapper.annotations.ClusteringColumn;
import com.datastax.oss.driver.api.mapper.annotations.CqlName;
import com.datastax.oss.driver.api.mapper.annotations.Entity;
import com.datastax.oss.driver.api.mapper.annotations.PartitionKey;
import java.io.Serializable;
import java.time.Instant;

/**
 * A row of {@code turbine_aggregated_sensor_data}: one turbine's wind speed over one 5-minute
 * event-time window, {@code reported_time} being the end of that window (exclusive).
 *
 * <pre>
 * CREATE TABLE sensor_data.turbine_aggregated_sensor_data (
 *   turbineid text, reported_time timestamp,
 *   max_speed double, min_speed double, avg_speed double,
 *   PRIMARY KEY (turbineid, reported_time))
 * </pre>
 *
 * A driver-4 mapper entity that is also the Beam element. The mapper recognises a record and maps
 * it as an immutable entity with fluent accessors (no {@code @PropertyStrategy} needed); columns
 * follow its default snake_case naming ({@code maxSpeed} is {@code max_speed}).
 */
@Entity
@CqlName(TurbineAggregatedRecord.TABLE)
public record TurbineAggregatedRecord(
    @PartitionKey String turbineid,
    @ClusteringColumn Instant reportedTime,
    double maxSpeed,
    double minSpeed,
    double avgSpeed) implements Serializable {
  public static final String TABLE = "turbine_aggregated_sensor_data";

  /** The CQL that creates this entity's table in {@code keyspace}. */
  public static String createTableCql(String keyspace) {
    return "CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " ("
        + "turbineid text, reported_time timestamp, max_speed double, min_speed double, "
        + "avg_speed double, PRIMARY KEY (turbineid, reported_time))";
  }
}
