package io.cassandraio.internal.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

/**
 * The CQL the checkpoint table is created with (and that an error message tells an administrator
 * to run), and the statements it is read and written with.
 */
public class CheckpointTableTest {

  @Test
  public void keyspaceDdlPutsClassFirstThenSortsTheRest() {
    Map<String, String> replication = new LinkedHashMap<>();
    replication.put("dc1", "3");
    replication.put("class", "NetworkTopologyStrategy");
    replication.put("dc-2", "2");
    assertEquals("CREATE KEYSPACE IF NOT EXISTS ckpt WITH replication="
            + "{'class':'NetworkTopologyStrategy','dc-2':'2','dc1':'3'}",
        CheckpointTable.keyspaceDdl("ckpt", replication));
  }

  @Test
  public void keyspaceDdlIsTheSameForTheSameMapInAnyOrder() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("class", "NetworkTopologyStrategy");
    one.put("b", "1");
    one.put("a", "2");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("a", "2");
    other.put("b", "1");
    other.put("class", "NetworkTopologyStrategy");
    assertEquals(CheckpointTable.keyspaceDdl("k", one), CheckpointTable.keyspaceDdl("k", other));
  }

  @Test
  public void keyspaceDdlEscapesSingleQuotes() {
    // The schema builder does not escape option strings (driver 4.17); should a later driver do
    // so, this shows the doubled escape.
    Map<String, String> replication = new LinkedHashMap<>();
    replication.put("class", "SimpleStrategy");
    replication.put("it's", "o'clock");
    assertEquals("CREATE KEYSPACE IF NOT EXISTS k WITH replication={'class':'SimpleStrategy','it''s':'o''clock'}",
        CheckpointTable.keyspaceDdl("k", replication));
  }

  @Test
  public void tableDdlHasTheKeyTtlAndCompaction() {
    String ddl = CheckpointTable.tableDdl("ckpt", "batches", Duration.ofMinutes(10));
    assertTrue(ddl, ddl.startsWith("CREATE TABLE IF NOT EXISTS ckpt.batches ("));
    assertTrue(ddl, ddl.contains("(sink_id text,epoch text,shard int,seq bigint,committed_at timestamp,"
        + "fingerprint bigint,"));
    assertTrue(ddl, ddl.contains("PRIMARY KEY((sink_id,epoch,shard),seq))"));
    assertTrue(ddl, ddl.contains(" WITH default_time_to_live=600 "));
    assertTrue(ddl, ddl.contains("compaction={'class':'TimeWindowCompactionStrategy'"));
    assertTrue(ddl, ddl.contains("'compaction_window_unit':'DAYS'"));
    assertTrue(ddl, ddl.contains("'compaction_window_size':1"));
    assertEquals("CREATE TABLE IF NOT EXISTS ckpt.batches (sink_id text,epoch text,shard int,seq bigint,"
        + "committed_at timestamp,fingerprint bigint,PRIMARY KEY((sink_id,epoch,shard),seq)) "
        + "WITH default_time_to_live=600 AND compaction={'class':'TimeWindowCompactionStrategy',"
        + "'compaction_window_size':1,'compaction_window_unit':'DAYS'}", ddl);
  }

  @Test
  public void tableDdlUsesWholeSecondsOfTheTtl() {
    assertTrue(CheckpointTable.tableDdl("k", "t", Duration.ofDays(7)).contains("default_time_to_live=604800 "));
    assertTrue(CheckpointTable.tableDdl("k", "t", Duration.ofMillis(90_999)).contains("default_time_to_live=90 "));
  }

  @Test
  public void namesAreFoldedToLowerCaseAsUnquotedCqlNamesAre() {
    // TableName admits letters, digits and '_'; unquoted, CQL folds them to lower case.
    assertTrue(CheckpointTable.tableDdl("Ckpt", "Batches", Duration.ofMinutes(1))
        .startsWith("CREATE TABLE IF NOT EXISTS ckpt.batches ("));
    assertEquals("ALTER TABLE ckpt.batches ADD fingerprint bigint", CheckpointTable.addFingerprintDdl("Ckpt", "Batches"));
  }

  @Test
  public void alterTableAddsTheFingerprintColumn() {
    assertEquals("ALTER TABLE ckpt.batches ADD fingerprint bigint", CheckpointTable.addFingerprintDdl("ckpt", "batches"));
  }

  @Test
  public void lookupAndRecordBindTheKeyInOrderAndTheTtlLast() {
    assertEquals("SELECT fingerprint FROM ckpt.batches WHERE sink_id=? AND epoch=? AND shard=? AND seq=?",
        CheckpointTable.lookupCql("ckpt", "batches"));
    assertEquals("INSERT INTO ckpt.batches (sink_id,epoch,shard,seq,committed_at,fingerprint) "
        + "VALUES (?,?,?,?,?,?) USING TTL ?", CheckpointTable.recordCql("ckpt", "batches"));
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
