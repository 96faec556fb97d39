package io.cassandraio.bench.workload;

import java.io.Serializable;

/** One row of {@code bench.events (sensor_id text, ts bigint, value double, payload text)}. */
public record Event(String sensorId, long ts, double value, String payload) implements Serializable {}
