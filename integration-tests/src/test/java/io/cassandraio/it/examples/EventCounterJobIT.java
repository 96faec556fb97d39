package io.cassandraio.it.examples;

import static org.junit.Assert.assertEquals;

import io.cassandraio.examples.counter.EventCounterJob;
import io.cassandraio.examples.counter.EventCounterOptions;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The exactly-once event counter example on the Flink runner (local, streaming, checkpoints) with
 * two injected failures: every page's counter must equal the events counted.
 */
public class EventCounterJobIT {
  @ClassRule public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("event_counter_it");

  @Test
  public void countsEveryPageViewExactlyOnceThroughFailures() {
    EventCounterOptions options = PipelineOptionsFactory.as(EventCounterOptions.class);
    options.setEvents(6_000);
    options.setPages(20);
    options.setInjectFailures(2);
    options.setKeyspace(KEYSPACE.name());
    options.setParallelism(2);
    assertEquals("exit status of EventCounterJob (see its output above)", 0,
        EventCounterJob.run(options, KEYSPACE.session(), SharedCassandra.connection()));
  }
}
