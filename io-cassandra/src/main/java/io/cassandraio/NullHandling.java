package io.cassandraio;

/** What a null column value becomes. */
public enum NullHandling {
  /** The default: the column is left unset, so no tombstone is written. */
  LEAVE_UNSET,
  /** The null is written, which deletes any previous value (and writes a tombstone). */
  WRITE_NULL
}
