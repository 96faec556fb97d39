package io.cassandraio.internal.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

/** The CQL the checkpoint table is created with (and that an error message tells an administrator to run). */
public class CheckpointTableTest {

  @Test
  public void replicationCqlPutsClassFirstThenSortsTheRest() {
    Map<String, String> replication = new LinkedHashMap<>();
    replication.put("dc1", "3");
    replication.put("class", "NetworkTopologyStrategy");
    replication.put("dc-2", "2");
    assertEquals("{'class': 'NetworkTopologyStrategy', 'dc-2': '2', 'dc1': '3'}",
        CheckpointTable.replicationCql(replication));
  }

  @Test
  public void replicationCqlEscapesSingleQuotes() {
    Map<String, String> replication = new LinkedHashMap<>();
    replication.put("class", "SimpleStrategy");
    replication.put("it's", "o'clock");
    assertEquals("{'class': 'SimpleStrategy', 'it''s': 'o''clock'}", CheckpointTable.replicationCql(replication));
  }

  @Test
  public void tableDdlHasTheKeyTtlAndCompaction() {
    String ddl = CheckpointTable.tableDdl("ckpt.batches", Duration.ofMinutes(10));
    assertTrue(ddl, ddl.startsWith("CREATE TABLE IF NOT EXISTS ckpt.batches ("));
    assertTrue(ddl, ddl.contains("sink_id text, epoch text, shard int, seq bigint, committed_at timestamp, "
        + "fingerprint bigint"));
    assertTrue(ddl, ddl.contains("PRIMARY KEY ((sink_id, epoch, shard), seq)"));
    assertTrue(ddl, ddl.contains("default_time_to_live = 600 "));
    assertTrue(ddl, ddl.contains("'class': 'TimeWindowCompactionStrategy'"));
    assertEquals("CREATE TABLE IF NOT EXISTS ckpt.batches (sink_id text, epoch text, shard int, seq bigint, "
        + "committed_at timestamp, fingerprint bigint, PRIMARY KEY ((sink_id, epoch, shard), seq)) WITH "
        + "default_time_to_live = 600 "
        + "AND compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'DAYS', "
        + "'compaction_window_size': 1}", ddl);
  }

  @Test
  public void tableDdlUsesWholeSecondsOfTheTtl() {
    assertTrue(CheckpointTable.tableDdl("k.t", Duration.ofDays(7)).contains("default_time_to_live = 604800 "));
  }

  @Test
  public void aCommitDiffersOnlyWhenBothSidesHaveAFingerprintAndTheyDiffer() {
    CheckpointTable.Commit committed = new CheckpointTable.Commit(true, 42L);
    assertTrue(committed.differsFrom(43L));
    assertTrue(!committed.differsFrom(42L));
    assertTrue("no fingerprint on the replay (non-deterministic coder)", !committed.differsFrom(null));
    assertTrue("no fingerprint recorded (an older record)", !CheckpointTable.Commit.UNKNOWN_CONTENTS.differsFrom(42L));
    assertTrue("not committed", !CheckpointTable.Commit.NONE.differsFrom(42L));
  }
}
