package io.cassandraio.internal.grouping;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class BatchLimitsTest {
  @Test
  public void defaultsStayUnderCassandrasBatchWarnings() {
    BatchLimits d = BatchLimits.defaults();
    assertTrue("5 KiB batch_size_warn_threshold", d.maxBytes() < 5 * 1024);
    assertTrue("unlogged_batch_across_partitions_warn_threshold is 10", d.maxPartitions() <= 10);
  }

  @Test
  public void badLimitsNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchLimits(0, 4096, 10));
    assertTrue(e.getMessage(), e.getMessage().contains("withMaxBatchRows"));
    e = assertThrows(IllegalArgumentException.class, () -> new BatchLimits(10, 60 * 1024, 10));
    assertTrue(e.getMessage(), e.getMessage().contains("withMaxBatchBytes"));
  }
}
