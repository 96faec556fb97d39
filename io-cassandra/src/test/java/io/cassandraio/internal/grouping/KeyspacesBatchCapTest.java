package io.cassandraio.internal.grouping;

import static org.junit.Assert.assertEquals;
import static org.mockito.Mockito.mock;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.internal.keyspaces.AmazonKeyspaces;
import io.cassandraio.internal.routing.GroupKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.joda.time.Instant;
import org.junit.Test;

/** With Keyspaces' cap, a partition of 70 rows goes as batches of 30, 30 and 10 statements. */
public class KeyspacesBatchCapTest {
  @Test
  public void noBatchHoldsMoreThan30Statements() {
    BatchLimits capped = AmazonKeyspaces.capped(BatchLimits.defaults().withMaxRows(100).withMaxBytes(50 * 1024));
    assertEquals(30, capped.maxRows());
    assertEquals("only the row limit changes", 50 * 1024, capped.maxBytes());
    assertEquals(20, AmazonKeyspaces.capped(BatchLimits.defaults().withMaxRows(20)).maxRows());

    GroupKey partition = new GroupKey("p");
    List<PendingWrite<Integer>> writes = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      writes.add(new PendingWrite<>(i, mock(BoundStatement.class), 50, true, partition, ByteBuffer.wrap(new byte[] {1}),
          Instant.EPOCH, GlobalWindow.INSTANCE, PaneInfo.NO_FIRING));
    }
    List<Integer> sizes = new BundleGrouper(capped, false).group(writes).stream().map(u -> u.writes().size()).toList();
    assertEquals(List.of(30, 30, 10), sizes);
  }
}
