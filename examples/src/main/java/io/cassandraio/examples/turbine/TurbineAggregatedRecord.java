package io.cassandraio.examples.turbine;

import com.datastax.oss.driver.api.mapper.annotations.ClusteringColumn;
import com.datastax.oss.driver.api.mapper.annotations.CqlName;
import com.datastax.oss.driver.api.mapper.annotations.Entity;
import com.datastax.oss.driver.api.mapper.annotations.PartitionKey;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

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
 * A driver-4 mapper entity (mutable bean, as the mapper wants) that is also the Beam element;
 * columns follow the mapper's default snake_case naming ({@code maxSpeed} is {@code max_speed}).
 */
@Entity
@CqlName(TurbineAggregatedRecord.TABLE)
public class TurbineAggregatedRecord implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String TABLE = "turbine_aggregated_sensor_data";

  @PartitionKey private String turbineid;
  @ClusteringColumn private Instant reportedTime;
  private double maxSpeed;
  private double minSpeed;
  private double avgSpeed;

  public TurbineAggregatedRecord() {}

  public TurbineAggregatedRecord(String turbineid, Instant reportedTime, double maxSpeed, double minSpeed, double avgSpeed) {
    this.turbineid = turbineid;
    this.reportedTime = reportedTime;
    this.maxSpeed = maxSpeed;
    this.minSpeed = minSpeed;
    this.avgSpeed = avgSpeed;
  }

  /** The CQL that creates this entity's table in {@code keyspace}. */
  public static String createTableCql(String keyspace) {
    return "CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " ("
        + "turbineid text, reported_time timestamp, max_speed double, min_speed double, "
        + "avg_speed double, PRIMARY KEY (turbineid, reported_time))";
  }

  public String getTurbineid() {
    return turbineid;
  }

  public void setTurbineid(String turbineid) {
    this.turbineid = turbineid;
  }

  public Instant getReportedTime() {
    return reportedTime;
  }

  public void setReportedTime(Instant reportedTime) {
    this.reportedTime = reportedTime;
  }

  public double getMaxSpeed() {
    return maxSpeed;
  }

  public void setMaxSpeed(double maxSpeed) {
    this.maxSpeed = maxSpeed;
  }

  public double getMinSpeed() {
    return minSpeed;
  }

  public void setMinSpeed(double minSpeed) {
    this.minSpeed = minSpeed;
  }

  public double getAvgSpeed() {
    return avgSpeed;
  }

  public void setAvgSpeed(double avgSpeed) {
    this.avgSpeed = avgSpeed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TurbineAggregatedRecord r
        && Objects.equals(turbineid, r.turbineid) && Objects.equals(reportedTime, r.reportedTime)
        && maxSpeed == r.maxSpeed && minSpeed == r.minSpeed && avgSpeed == r.avgSpeed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(turbineid, reportedTime, maxSpeed, minSpeed, avgSpeed);
  }

  @Override
  public String toString() {
    return String.format("%s@%s{min=%s, max=%s, avg=%s}", turbineid, reportedTime, minSpeed, maxSpeed, avgSpeed);
  }
}
