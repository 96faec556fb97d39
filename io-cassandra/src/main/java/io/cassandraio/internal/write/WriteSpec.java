package io.cassandraio.internal.write;

import com.google.auto.value.AutoValue;
import io.cassandraio.FailureMode;
import io.cassandraio.Grouping;
import io.cassandraio.internal.execution.ExecutionLimits;
import io.cassandraio.internal.execution.RetrySchedule;
import io.cassandraio.internal.grouping.BatchLimits;
import io.cassandraio.internal.keyspaces.AmazonKeyspaces;
import io.cassandraio.internal.replay.ExactlyOnceSpec;
import io.cassandraio.internal.session.ConnectionSpec;
import io.cassandraio.internal.statement.StatementFactory;
import io.cassandraio.internal.statement.StatementOptions;
import io.cassandraio.listener.SentRequestListener;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything {@code CassandraIO.write()} was configured with: what its DoFns get instead of the
 * transform. Each {@code withX} checks its own argument; {@link #validate} checks how they combine,
 * in one place.
 */
@AutoValue
public abstract class WriteSpec<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract @Nullable ConnectionSpec connection();

  public abstract @Nullable StatementFactory<T> statements();

  /** Which {@code withX} set {@link #statements()}, for error messages. */
  public abstract @Nullable String statementsOption();

  public abstract StatementOptions<T> statementOptions();

  public abstract Grouping grouping();

  /** Null until a batch limit is set explicitly (then it conflicts with {@link Grouping#NONE}). */
  abstract @Nullable BatchLimits explicitBatchLimits();

  public abstract ExecutionLimits executionLimits();

  public abstract RetrySchedule retrySchedule();

  public abstract FailureMode failureMode();

  public abstract @Nullable SentRequestListener sentRequestListener();

  public abstract @Nullable ExactlyOnceSpec exactlyOnce();

  public abstract Builder<T> toBuilder();

  public static <T> WriteSpec<T> defaults() {
    return new AutoValue_WriteSpec.Builder<T>()
        .setStatementOptions(StatementOptions.defaults())
        .setGrouping(Grouping.AUTO)
        .setExecutionLimits(ExecutionLimits.defaults())
        .setRetrySchedule(RetrySchedule.defaults())
        .setFailureMode(FailureMode.FAIL)
        .build();
  }

  /** With an Amazon Keyspaces connection, at most its 30 statements per batch. */
  public BatchLimits batchLimits() {
    BatchLimits explicit = explicitBatchLimits();
    BatchLimits limits = explicit == null ? BatchLimits.defaults() : explicit;
    return keyspacesRegion() == null ? limits : AmazonKeyspaces.capped(limits);
  }

  /** The Region of an {@code forAmazonKeyspaces} connection, else null. */
  private @Nullable String keyspacesRegion() {
    return connection() == null ? null : connection().amazonKeyspacesRegion();
  }

  /** Checked at apply time (the transform expands before Beam validates it) and again at validation. */
  public void validate() {
    if (connection() == null) {
      throw new IllegalArgumentException("CassandraIO.write() needs withConnection(CassandraConnection)");
    }
    if (statements() == null) {
      throw new IllegalArgumentException(
          "CassandraIO.write() needs one of withEntity(...), withStatement(cql, binder) or withRows(table)");
    }
    connection().validate();
    if (grouping() == Grouping.NONE && explicitBatchLimits() != null) {
      throw new IllegalArgumentException("withGrouping(NONE) sends no batches, so "
          + "withMaxBatchRows/withMaxBatchBytes/withMaxPartitionsPerBatch conflict with it");
    }
    validateForKeyspaces();
    if (exactlyOnce() == null) {
      return;
    }
    if (failureMode() == FailureMode.REPORT) {
      throw new IllegalArgumentException("withExactlyOnce conflicts with withFailureMode(REPORT): a batch is "
          + "committed only when all of it is written, so failures must fail the bundle (FailureMode.FAIL)");
    }
    if (statementOptions().hasTimestamp()) {
      throw new IllegalArgumentException("withExactlyOnce conflicts with withWriteTimestamp: exactly-once fixes "
          + "each micro-batch's write timestamp itself, so that a rewritten batch changes nothing");
    }
  }

  /** What Amazon Keyspaces refuses, refused here already, naming the option. */
  private void validateForKeyspaces() {
    String region = keyspacesRegion();
    if (region == null) {
      return;
    }
    String service = "Amazon Keyspaces (the connection is CassandraConnection.forAmazonKeyspaces(\"" + region + "\"))";
    BatchLimits explicit = explicitBatchLimits();
    // 32, the default, is what an explicit byte or partition limit set before the connection carries: capped.
    if (explicit != null && explicit.maxRows() > AmazonKeyspaces.MAX_BATCH_STATEMENTS
        && explicit.maxRows() != BatchLimits.DEFAULT_MAX_ROWS) {
      throw new IllegalArgumentException("withMaxBatchRows(" + explicit.maxRows() + ") exceeds the "
          + AmazonKeyspaces.MAX_BATCH_STATEMENTS + " statements per batch that " + service + " accepts");
    }
    var level = statementOptions().consistencyLevel();
    if (level != null && level != AmazonKeyspaces.WRITE_CONSISTENCY) {
      throw new IllegalArgumentException("withConsistencyLevel(" + level + "): " + service
          + " acknowledges writes at " + AmazonKeyspaces.WRITE_CONSISTENCY + " only; leave it unset or set "
          + AmazonKeyspaces.WRITE_CONSISTENCY);
    }
    if (exactlyOnce() != null && exactlyOnce().consistencyLevel() != AmazonKeyspaces.WRITE_CONSISTENCY) {
      throw new IllegalArgumentException("ExactlyOnce.withConsistencyLevel(" + exactlyOnce().consistencyLevel()
          + "): the checkpoint table is written too, and " + service + " acknowledges writes at "
          + AmazonKeyspaces.WRITE_CONSISTENCY + " only");
    }
  }

  /** For messages: {@code CassandraIO.write(<table or CQL>)}. */
  public String describe() {
    StatementFactory<T> statements = statements();
    return "CassandraIO.write(" + (statements == null ? "?" : statements.describe()) + ")";
  }

  public void populateDisplayData(DisplayData.Builder builder) {
    if (connection() != null) {
      connection().populateDisplayData(builder);
    }
    BatchLimits batch = batchLimits();
    builder
        .addIfNotNull(DisplayData.item("statements", statements() == null ? null : statements().describe()))
        .add(DisplayData.item("grouping", grouping().name()))
        .add(DisplayData.item("maxBatchRows", batch.maxRows()))
        .add(DisplayData.item("maxBatchBytes", batch.maxBytes()))
        .add(DisplayData.item("maxPartitionsPerBatch", batch.maxPartitions()))
        .add(DisplayData.item("maxInFlightRequests", executionLimits().maxInFlightRequests()))
        .add(DisplayData.item("maxInFlightBytes", executionLimits().maxInFlightBytes()))
        .add(DisplayData.item("maxBufferedStatements", executionLimits().maxBufferedStatements()))
        .add(DisplayData.item("maxAttempts", retrySchedule().maxAttempts()))
        .add(DisplayData.item("failureMode", failureMode().name()));
    statementOptions().populateDisplayData(builder);
    if (exactlyOnce() != null) {
      exactlyOnce().populateDisplayData(builder);
    }
  }

  @AutoValue.Builder
  public abstract static class Builder<T> {
    public abstract Builder<T> setConnection(ConnectionSpec connection);

    public abstract Builder<T> setStatements(StatementFactory<T> statements);

    public abstract Builder<T> setStatementsOption(String option);

    public abstract Builder<T> setStatementOptions(StatementOptions<T> options);

    public abstract Builder<T> setGrouping(Grouping grouping);

    public abstract Builder<T> setExplicitBatchLimits(BatchLimits limits);

    public abstract Builder<T> setExecutionLimits(ExecutionLimits limits);

    public abstract Builder<T> setRetrySchedule(RetrySchedule retry);

    public abstract Builder<T> setFailureMode(FailureMode mode);

    public abstract Builder<T> setSentRequestListener(SentRequestListener listener);

    public abstract Builder<T> setExactlyOnce(ExactlyOnceSpec exactlyOnce);

    public abstract WriteSpec<T> build();
  }
}
