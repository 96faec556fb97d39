package io.cassandraio.internal.replay;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import org.junit.Test;

/** The checkpoint keyspace and table as created on Amazon Keyspaces (the DDL only: no service here). */
public class CheckpointTableKeyspacesDdlTest {
  @Test
  public void theKeyspaceIsSingleRegion() {
    assertEquals("CREATE KEYSPACE IF NOT EXISTS cassandraio WITH replication={'class':'SingleRegionStrategy'}",
        CheckpointTable.keyspaceDdl("cassandraio", CheckpointTable.KEYSPACES_REPLICATION));
  }

  @Test
  public void theTableHasTtlTurnedOnAndNoCompactionStrategy() {
    assertEquals("CREATE TABLE IF NOT EXISTS cassandraio.committed_batches (sink_id text,epoch text,shard int,"
        + "seq bigint,committed_at timestamp,fingerprint bigint,PRIMARY KEY((sink_id,epoch,shard),seq)) "
        + "WITH default_time_to_live=604800 AND custom_properties={'ttl':{'status':'enabled'}}",
        CheckpointTable.keyspacesTableDdl("cassandraio", "committed_batches", Duration.ofDays(7)));
  }
}
