package io.cassandraio.listener;

/** Where a micro-batch is in the exactly-once writer, as a {@link BatchListener} sees it. */
public enum BatchStage {
  /** Cut by the sequencing step (not yet stable: a restore may cut it again). */
  CUT,
  /** About to be written: its id is not in the checkpoint table (or is, with other contents). */
  BEFORE_WRITE,
  /** All its statements were written; its id is not recorded yet. */
  WRITTEN,
  /** Its id is recorded in the checkpoint table: a replay with the same contents will skip it. */
  RECORDED,
  /** Skipped: its id was already recorded with the same contents (a replay). */
  SKIPPED,
  /**
   * Its id was already recorded, with other contents: the runner replayed it with other elements
   * than the ones written. Written again (nothing is lost; elements in both versions twice).
   */
  CHANGED_REPLAY
}
