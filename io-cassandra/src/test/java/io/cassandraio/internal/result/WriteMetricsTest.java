package io.cassandraio.internal.result;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class WriteMetricsTest {
  @Test
  public void takeHandsOverEverythingRecordedAndStartsAgainFromZero() {
    WriteMetrics m = new WriteMetrics();
    m.succeeded(3, true, 10);
    m.succeeded(1, false, 30);
    m.retried(2);
    m.failed(1);
    m.committed(4);
    m.skipped(5);
    m.changedReplay();

    WriteStats s = m.take();
    assertEquals(4, s.rowsWritten());
    assertEquals(1, s.batchesWritten());
    assertEquals(2, s.statementsRetried());
    assertEquals(1, s.failedElements());
    assertEquals(4, s.batchesCommitted());
    assertEquals(5, s.batchesSkipped());
    assertEquals(1, s.changedReplays());
    assertEquals(new WriteStats.Summary(4, 2, 1, 3), s.batchSize());
    assertEquals(new WriteStats.Summary(40, 2, 10, 30), s.requestLatencyMs());
    assertFalse(s.isEmpty());

    assertTrue("nothing recorded since", m.take().isEmpty());
  }
}
