package io.cassandraio.it.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.examples.counter.EventCounterJob;
import io.cassandraio.examples.counter.EventCounterOptions;
import io.cassandraio.examples.counter.EventCounterPipeline;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The exactly-once event counter example on the Flink runner (local, streaming, checkpoints) with
 * two injected failures: every page's counter must equal the events counted. The job checks that
 * itself (its exit status); this test reads the counters back on its own and compares them with
 * the events the job generated: event {@code i} of {@code 0 .. events-1} is a view of page
 * {@link EventCounterPipeline#pageOf}.
 */
public class EventCounterJobIT {
  private static final int EVENTS = 6_000;
  private static final int PAGES = 20;
  /** The example's counter and checkpoint tables (in the keyspace it is given). */
  private static final String COUNTER_TABLE = "page_views";
  private static final String CHECKPOINT_TABLE = "committed_batches";

  @ClassRule public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("event_counter_it");

  @Test
  public void countsEveryPageViewExactlyOnceThroughFailures() {
    EventCounterOptions options = PipelineOptionsFactory.as(EventCounterOptions.class);
    options.setEvents(EVENTS);
    options.setPages(PAGES);
    options.setInjectFailures(2);
    options.setKeyspace(KEYSPACE.name());
    options.setParallelism(2);
    assertEquals("exit status of EventCounterJob (see its output above)", 0,
        EventCounterJob.run(options, KEYSPACE.session(), SharedCassandra.connection()));

    Map<String, Long> expected = new TreeMap<>();
    for (long i = 0; i < EVENTS; i++) {
      expected.merge(EventCounterPipeline.pageOf(i, PAGES), 1L, Long::sum);
    }
    Map<String, Long> counted = new TreeMap<>();
    for (Row r : KEYSPACE.session().execute("SELECT page, views FROM " + KEYSPACE.table(COUNTER_TABLE))) {
      counted.put(r.getString("page"), r.getLong("views"));
    }
    assertEquals("views per page", expected, counted);
    assertEquals("pages", PAGES, counted.size());
    assertEquals("views in all", EVENTS, counted.values().stream().mapToLong(Long::longValue).sum());
    // Written through exactly-once: its micro-batches are recorded in the checkpoint table.
    int records = KEYSPACE.session().execute("SELECT seq FROM " + KEYSPACE.table(CHECKPOINT_TABLE)).all().size();
    System.out.printf("EventCounterJobIT: %d views over %d pages, %d micro-batches recorded%n",
        counted.values().stream().mapToLong(Long::longValue).sum(), counted.size(), records);
    assertTrue("no micro-batch recorded in " + KEYSPACE.table(CHECKPOINT_TABLE), records > 0);
  }
}
