package io.cassandraio.it.examples;

import static org.junit.Assert.assertEquals;

import io.cassandraio.examples.turbine.SensorEvent;
import io.cassandraio.examples.turbine.SensorSimulation;
import io.cassandraio.examples.turbine.TurbineAggregatedRecord;
import io.cassandraio.examples.turbine.WindTurbinePipeline;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.TurbineRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * The README's main job, {@link WindTurbinePipeline#build}, on the DirectRunner against the shared
 * node: 5-minute windows per turbine with the right min, max and average, written through the
 * driver-4 mapper with {@code CassandraIO.write().withEntity(...)}.
 */
public class WindTurbinePipelineIT {
  @ClassRule
  public static final TestKeyspace KNOWN = TestKeyspace.onSharedNode("turbine_known")
      .withSetup(WindTurbinePipeline::createSchema);
  @ClassRule
  public static final TestKeyspace SIMULATED = TestKeyspace.onSharedNode("turbine_sim")
      .withSetup(WindTurbinePipeline::createSchema);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void knownWindowsHaveExactMinMaxAverage() {
    Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
    List<TimestampedValue<SensorEvent>> events = List.of(
        // turbine-A, window [12:00, 12:05): 10, 30.5, 20, 7.5 -> min 7.5, max 30.5, avg 17
        at(t0, "turbine-A", 10.0),                     // exactly on the window start: inside
        at(t0.plusSeconds(61), "turbine-A", 30.5),
        at(t0.plusSeconds(299).plusMillis(999), "turbine-A", 7.5), // last millisecond: inside
        at(t0.plusSeconds(120), "turbine-A", 20.0),
        // turbine-A, window [12:05, 12:10): 99 at exactly 12:05 belongs here, with 1 -> avg 50
        at(t0.plusSeconds(300), "turbine-A", 99.0),
        at(t0.plusSeconds(420), "turbine-A", 1.0),
        // turbine-B shares turbine-A's first window but not its values
        at(t0.plusSeconds(10), "turbine-B", 60.0),
        at(t0.plusSeconds(20), "turbine-B", 64.0));

    WindTurbinePipeline.build(pipeline, events, SharedCassandra.connection(), KNOWN.name());
    pipeline.run().waitUntilFinish();

    Map<String, TurbineAggregatedRecord> stored = TurbineRows.readAll(KNOWN.session(), KNOWN.name());
    assertEquals(stored.toString(), 3, stored.size());
    Instant end1 = t0.plus(Duration.ofMinutes(5));
    Instant end2 = t0.plus(Duration.ofMinutes(10));
    assertEquals(new TurbineAggregatedRecord("turbine-A", end1, 30.5, 7.5, 17.0), stored.get(TurbineRows.key("turbine-A", end1)));
    assertEquals(new TurbineAggregatedRecord("turbine-A", end2, 99.0, 1.0, 50.0), stored.get(TurbineRows.key("turbine-A", end2)));
    assertEquals(new TurbineAggregatedRecord("turbine-B", end1, 64.0, 60.0, 62.0), stored.get(TurbineRows.key("turbine-B", end1)));
    SessionLeases.awaitReleased("after the job");
  }

  @Test
  public void simulatedHourMatchesAPlainJavaAggregation() {
    SensorSimulation simulation = new SensorSimulation(3, Instant.parse("2026-06-01T12:00:00Z"),
        Duration.ofMinutes(60), Duration.ofSeconds(5), 42);
    List<TimestampedValue<SensorEvent>> events = simulation.events();
    assertEquals(3 * 720, events.size());

    WindTurbinePipeline.build(pipeline, events, SharedCassandra.connection(), SIMULATED.name());
    pipeline.run().waitUntilFinish();

    Map<String, TurbineAggregatedRecord> expected = TurbineRows.expected(events);
    assertEquals(3 * 12, expected.size());
    assertEquals(expected.size(), WindTurbinePipeline.windowCount(events));
    TurbineRows.assertSameRows(expected, TurbineRows.readAll(SIMULATED.session(), SIMULATED.name()));
    SessionLeases.awaitReleased("after the job");
  }

  private static TimestampedValue<SensorEvent> at(Instant when, String turbine, double speed) {
    return TimestampedValue.of(new SensorEvent(turbine, speed), org.joda.time.Instant.ofEpochMilli(when.toEpochMilli()));
  }
}
