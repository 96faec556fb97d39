package io.cassandraio.it.examples;

import static org.junit.Assert.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.examples.counter.EventCounterJob;
import io.cassandraio.examples.counter.EventCounterOptions;
import io.cassandraio.it.support.SharedCassandra;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The exactly-once event counter example on the Flink runner (local, streaming, checkpoints) with
 * two injected failures: every page's counter must equal the events counted.
 */
public class EventCounterJobIT {
  private static final String KS = "event_counter_it";
  private static CqlSession session;

  @BeforeClass
  public static void connect() {
    session = SharedCassandra.newSession();
  }

  @AfterClass
  public static void close() {
    if (session != null) {
      session.execute("DROP KEYSPACE IF EXISTS " + KS);
      session.close();
    }
  }

  @Test
  public void countsEveryPageViewExactlyOnceThroughFailures() {
    EventCounterOptions options = PipelineOptionsFactory.as(EventCounterOptions.class);
    options.setEvents(6_000);
    options.setPages(20);
    options.setInjectFailures(2);
    options.setKeyspace(KS);
    options.setParallelism(2);
    assertEquals("exit status of EventCounterJob (see its output above)", 0,
        EventCounterJob.run(options, session, SharedCassandra.connection()));
  }
}
