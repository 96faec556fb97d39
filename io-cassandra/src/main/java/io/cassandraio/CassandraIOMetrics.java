package io.cassandraio;

/**
 * Names of the Beam metrics a write or a read reports, all in namespace {@value #NAMESPACE}. Read them from a
 * {@code PipelineResult}:
 *
 * <pre>{@code
 * result.metrics().queryMetrics(MetricsFilter.builder()
 *     .addNameFilter(MetricNameFilter.named(CassandraIOMetrics.NAMESPACE, CassandraIOMetrics.ROWS_WRITTEN))
 *     .build());
 * }</pre>
 */
public final class CassandraIOMetrics {
  private CassandraIOMetrics() {}

  public static final String NAMESPACE = "CassandraIO";
  public static final String ROWS_WRITTEN = "rowsWritten";
  public static final String BATCHES_WRITTEN = "batchesWritten";
  public static final String STATEMENTS_RETRIED = "statementsRetried";
  public static final String FAILED_ELEMENTS = "failedElements";
  public static final String BATCH_SIZE = "batchSize";
  public static final String REQUEST_LATENCY_MS = "requestLatencyMs";
  /** Exactly-once: micro-batches written and recorded in the checkpoint table. */
  public static final String BATCHES_COMMITTED = "exactlyOnceBatchesCommitted";
  /** Exactly-once: micro-batches skipped because their id was already recorded (replays). */
  public static final String BATCHES_SKIPPED = "exactlyOnceBatchesSkipped";
  /**
   * Exactly-once: micro-batches whose id was recorded with other contents than the replay has (the
   * runner broke its stable-input promise); written again, so their common elements count twice.
   */
  public static final String CHANGED_REPLAYS = "exactlyOnceChangedReplays";
  /** Read: rows read (counted per page, as each page's rows are emitted). */
  public static final String ROWS_READ = "rowsRead";
  /** Read: splits planned (token-range groups; one for a table read without a token map). */
  public static final String SPLITS = "splits";
  /** Read: page requests sent again after a timeout or another transient error. */
  public static final String PAGES_RETRIED = "pagesRetried";
}
