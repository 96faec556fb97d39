package io.cassandraio.internal.execution;

/** What a writer does once an element failed for good. */
public enum OnFailure {
  /** REPORT mode: failed batches are split to find the bad elements; every failure is handed back. */
  REPORT_EACH(true, false),
  /** FAIL mode: the bundle is lost at the first failure, so nothing more is sent. */
  STOP_AT_FIRST(false, true),
  /**
   * Exactly-once: everything is sent. Stopping would leave micro-batches half written that had no
   * failed statement; their replay would apply their counter updates a second time.
   */
  SEND_ALL(false, false);

  final boolean splitsBatches;
  final boolean stops;

  OnFailure(boolean splitsBatches, boolean stops) {
    this.splitsBatches = splitsBatches;
    this.stops = stops;
  }
}
