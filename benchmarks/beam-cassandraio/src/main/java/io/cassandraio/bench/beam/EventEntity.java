package io.cassandraio.bench.beam;

import com.datastax.driver.mapping.annotations.ClusteringColumn;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.PartitionKey;
import com.datastax.driver.mapping.annotations.Table;
import io.cassandraio.bench.workload.Event;
import java.io.Serializable;
import java.util.Objects;

/**
 * A row of {@code bench.events} as a driver-3 mapper entity, which is what Beam's own
 * {@code CassandraIO.write()} takes. The driver-3 mapper reads these annotations by reflection
 * at run time (no annotation processor), and needs a no-arg constructor with getters and setters.
 */
@Table(keyspace = "bench", name = "events")
public class EventEntity implements Serializable {
  private static final long serialVersionUID = 1L;

  @PartitionKey
  @Column(name = "sensor_id")
  private String sensorId;

  @ClusteringColumn
  @Column(name = "ts")
  private long ts;

  @Column(name = "value")
  private double value;

  @Column(name = "payload")
  private String payload;

  public EventEntity() {}

  public EventEntity(String sensorId, long ts, double value, String payload) {
    this.sensorId = sensorId;
    this.ts = ts;
    this.value = value;
    this.payload = payload;
  }

  public static EventEntity of(Event e) {
    return new EventEntity(e.sensorId(), e.ts(), e.value(), e.payload());
  }

  public Event toEvent() {
    return new Event(sensorId, ts, value, payload);
  }

  public String getSensorId() {
    return sensorId;
  }

  public void setSensorId(String sensorId) {
    this.sensorId = sensorId;
  }

  public long getTs() {
    return ts;
  }

  public void setTs(long ts) {
    this.ts = ts;
  }

  public double getValue() {
    return value;
  }

  public void setValue(double value) {
    this.value = value;
  }

  public String getPayload() {
    return payload;
  }

  public void setPayload(String payload) {
    this.payload = payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventEntity other && ts == other.ts
        && Double.compare(value, other.value) == 0
        && Objects.equals(sensorId, other.sensorId) && Objects.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensorId, ts, value, payload);
  }

  @Override
  public String toString() {
    return "EventEntity" + toEvent().toString().substring("Event".length());
  }
}
