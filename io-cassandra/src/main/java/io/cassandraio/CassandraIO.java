package io.cassandraio;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.execution.ExecutionLimits;
import io.cassandraio.execution.RetryPolicy;
import io.cassandraio.execution.SentRequestListener;
import io.cassandraio.grouping.BatchLimits;
import io.cassandraio.replay.MicroBatch;
import io.cassandraio.replay.MicroBatchCoder;
import io.cassandraio.result.FailedWrite;
import io.cassandraio.result.FailedWriteCoder;
import io.cassandraio.statement.CqlStatementFactory;
import io.cassandraio.statement.EntityStatementFactory;
import io.cassandraio.statement.RowStatementFactory;
import io.cassandraio.statement.StatementFactory;
import io.cassandraio.statement.StatementOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes to Apache Cassandra with DataStax Java driver 4, grouping each bundle's statements by
 * partition or replica set into small UNLOGGED batches and sending them under a bounded window
 * of asynchronous requests.
 *
 * <pre>{@code
 * PCollection<TurbineStats> stats = ...;
 * stats.apply(CassandraIO.<TurbineStats>write()
 *     .withConnection(CassandraConnection.create()
 *         .withContactPoints("127.0.0.1:9042")
 *         .withLocalDatacenter("datacenter1")
 *         .withKeyspace("sensor_data"))
 *     .withEntity(TurbineStats.class,
 *         session -> new StatsMapperBuilder(session).build().statsDao(),  // once per session
 *         StatsDao::save)                                                 // @Insert BoundStatement save(TurbineStats)
 *     .withGrouping(Grouping.AUTO)
 *     .withConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM));
 * }</pre>
 *
 * <p>Three ways in, one path out: {@link Write#withEntity} (a mapper DAO), {@link
 * Write#withStatement} (CQL plus a {@link StatementBinder}) and {@link Write#withRows} (any input
 * with a Beam schema, the INSERT generated from the table). Defaults: grouping {@link
 * Grouping#AUTO}; batches of at most {@value BatchLimits#DEFAULT_MAX_ROWS} rows, {@value
 * BatchLimits#DEFAULT_MAX_BYTES} bytes and {@value BatchLimits#DEFAULT_MAX_PARTITIONS}
 * partitions; {@value ExecutionLimits#DEFAULT_MAX_IN_FLIGHT_REQUESTS} requests and {@value
 * ExecutionLimits#DEFAULT_MAX_IN_FLIGHT_BYTES} bytes in flight per writer; {@value
 * RetryPolicy#DEFAULT_MAX_ATTEMPTS} attempts for idempotent statements; nulls left unset;
 * {@link FailureMode#FAIL}. {@link Write#withExactlyOnce} adds exactly-once replay through a
 * checkpoint-id table (see {@link ExactlyOnce}).
 */
public final class CassandraIO {
  private CassandraIO() {}

  public static <T> Write<T> write() {
    return new Write<>(new Settings<>());
  }

  /** The write transform. Immutable: every {@code withX} returns a new one. */
  public static final class Write<T> extends PTransform<PCollection<T>, WriteResult<T>> {
    private static final long serialVersionUID = 1L;
    private final Settings<T> s;

    private Write(Settings<T> settings) {
      this.s = settings;
    }

    public Write<T> withConnection(CassandraConnection connection) {
      Objects.requireNonNull(connection, "withConnection");
      return with(x -> x.connection = connection);
    }

    /**
     * Writes mapper entities: {@code daoFactory} builds the DAO once per session; {@code
     * statement} calls its {@code @Insert}, {@code @Update} or {@code @Delete} method that
     * returns a {@link BoundStatement}.
     */
    public <DaoT> Write<T> withEntity(Class<T> entityClass, SerializableFunction<CqlSession, DaoT> daoFactory,
        SerializableBiFunction<DaoT, T, BoundStatement> statement) {
      return withStatements(new EntityStatementFactory<>(entityClass, daoFactory, statement), "withEntity");
    }

    /** Writes with a CQL statement (prepared once per session) and a binder per element. */
    public Write<T> withStatement(String cql, StatementBinder<T> binder) {
      return withStatements(new CqlStatementFactory<>(cql, binder), "withStatement");
    }

    /**
     * Writes an input with a Beam schema (for example {@code PCollection<Row>}) into {@code
     * table} ({@code table} or {@code keyspace.table}), fields matched to columns by name.
     */
    public Write<T> withRows(String table) {
      return withStatements(new RowStatementFactory<>(table, false), "withRows");
    }

    public Write<T> withGrouping(Grouping grouping) {
      Objects.requireNonNull(grouping, "withGrouping");
      return with(x -> x.grouping = grouping);
    }

    public Write<T> withConsistencyLevel(ConsistencyLevel level) {
      Objects.requireNonNull(level, "withConsistencyLevel");
      return with(x -> x.options = x.options.withConsistencyLevel(level));
    }

    /** For lightweight transactions: SERIAL or LOCAL_SERIAL. */
    public Write<T> withSerialConsistencyLevel(ConsistencyLevel level) {
      Objects.requireNonNull(level, "withSerialConsistencyLevel");
      return with(x -> x.options = x.options.withSerialConsistencyLevel(level));
    }

    /** The same TTL for every row. Needs a TTL bind marker, except with {@link #withRows}. */
    public Write<T> withTtl(Duration ttl) {
      int seconds = Math.toIntExact(ttl.toSeconds());
      if (seconds <= 0) {
        throw new IllegalArgumentException("withTtl must be at least 1 second, was " + ttl);
      }
      return withTtl(e -> seconds);
    }

    /** A TTL in seconds per element (null: no TTL for that element). */
    public Write<T> withTtl(SerializableFunction<T, Integer> ttlSeconds) {
      Objects.requireNonNull(ttlSeconds, "withTtl");
      return with(x -> x.options = x.options.withTtl(ttlSeconds));
    }

    /** The write timestamp, in microseconds since the epoch, for every row. */
    public Write<T> withWriteTimestamp(long micros) {
      return withWriteTimestamp(e -> micros);
    }

    /** A write timestamp in microseconds per element (null: the driver's clock). */
    public Write<T> withWriteTimestamp(SerializableFunction<T, Long> micros) {
      Objects.requireNonNull(micros, "withWriteTimestamp");
      return with(x -> x.options = x.options.withTimestamp(micros));
    }

    public Write<T> withNullHandling(NullHandling handling) {
      Objects.requireNonNull(handling, "withNullHandling");
      return with(x -> x.options = x.options.withNullHandling(handling));
    }

    /**
     * Overrides idempotence detection (by default upserts and deletes are idempotent; counter
     * updates, list appends and LWTs are not). Only idempotent statements are retried or batched.
     */
    public Write<T> withIdempotent(boolean idempotent) {
      return with(x -> x.options = x.options.withIdempotent(idempotent));
    }

    public Write<T> withMaxBatchRows(int rows) {
      return with(x -> x.batch = new BatchLimits(rows, x.batch.maxBytes(), x.batch.maxPartitions()));
    }

    public Write<T> withMaxBatchBytes(int bytes) {
      return with(x -> x.batch = new BatchLimits(x.batch.maxRows(), bytes, x.batch.maxPartitions()));
    }

    /** Partitions one {@link Grouping#REPLICA_SET} batch may span. */
    public Write<T> withMaxPartitionsPerBatch(int partitions) {
      return with(x -> x.batch = new BatchLimits(x.batch.maxRows(), x.batch.maxBytes(), partitions));
    }

    public Write<T> withMaxInFlightRequests(int requests) {
      return with(x -> x.execution = new ExecutionLimits(requests, x.execution.maxInFlightBytes(), x.execution.maxBufferedStatements()));
    }

    public Write<T> withMaxInFlightBytes(long bytes) {
      return with(x -> x.execution = new ExecutionLimits(x.execution.maxInFlightRequests(), bytes, x.execution.maxBufferedStatements()));
    }

    /** Statements held for grouping before they are sent, even in the middle of a bundle. */
    public Write<T> withMaxBufferedStatements(int statements) {
      return with(x -> x.execution = new ExecutionLimits(x.execution.maxInFlightRequests(), x.execution.maxInFlightBytes(), statements));
    }

    /** Attempts per idempotent request on timeouts, overload and unavailability (1 = no retry). */
    public Write<T> withMaxAttempts(int attempts) {
      return with(x -> x.retry = new RetryPolicy(attempts, x.retry.initialBackoff(), x.retry.maxBackoff()));
    }

    public Write<T> withRetryBackoff(Duration initial, Duration max) {
      return with(x -> x.retry = new RetryPolicy(x.retry.maxAttempts(), initial, max));
    }

    public Write<T> withFailureMode(FailureMode mode) {
      Objects.requireNonNull(mode, "withFailureMode");
      return with(x -> x.failureMode = mode);
    }

    /**
     * Exactly-once replay (see {@link ExactlyOnce}): sharded micro-batches with ids and write
     * timestamps fixed in Beam state, written by a {@code @RequiresStableInput} step that skips
     * batches already recorded in the checkpoint table. Needs {@link FailureMode#FAIL} and the
     * write timestamps to be its own (no {@link #withWriteTimestamp}).
     */
    public Write<T> withExactlyOnce(ExactlyOnce exactlyOnce) {
      Objects.requireNonNull(exactlyOnce, "withExactlyOnce");
      return with(x -> x.exactlyOnce = exactlyOnce);
    }

    /**
     * The last step of {@link #withExactlyOnce} alone, for input already cut into micro-batches
     * (ids unique per sink, epoch, shard and sequence; a replayed batch must have the same
     * contents). Returns the completion signal.
     */
    public PTransform<PCollection<MicroBatch<T>>, PCollection<Long>> writeMicroBatches() {
      Write<T> self = this;
      return new PTransform<>("CassandraIO.writeMicroBatches") {
        @Override
        public PCollection<Long> expand(PCollection<MicroBatch<T>> batches) {
          self.requireConnectionAndStatements();
          self.validateExactlyOnce();
          if (s.exactlyOnce == null) {
            throw new IllegalArgumentException("writeMicroBatches() needs withExactlyOnce(ExactlyOnce.sinkId(...))");
          }
          if (!(batches.getCoder() instanceof MicroBatchCoder<T> coder)) {
            throw new IllegalArgumentException("writeMicroBatches() needs a PCollection coded with MicroBatchCoder, was "
                + batches.getCoder());
          }
          if (s.statements instanceof RowStatementFactory) {
            throw new IllegalArgumentException("writeMicroBatches() takes withEntity or withStatement; withRows needs "
                + "the schema of a PCollection<Row> and works through withExactlyOnce");
          }
          StatementFactory<T> statements = s.statements;
          TupleTag<Long> signalTag = new TupleTag<>("completionSignal") {};
          TupleTag<FailedWrite<T>> failuresTag = new TupleTag<>("failedWrites") {};
          PCollectionTuple out = ExactlyOnceWrite.writeBatches(batches, self, statements, s.exactlyOnce, signalTag,
              failuresTag);
          out.get(failuresTag).setCoder(FailedWriteCoder.of(coder.getElementCoder()));
          return out.get(signalTag).setCoder(VarLongCoder.of());
        }
      };
    }

    /** Diagnostics: sees every request's statements before it is sent. */
    public Write<T> withSentRequestListener(SentRequestListener listener) {
      Objects.requireNonNull(listener, "withSentRequestListener");
      return with(x -> x.listener = listener);
    }

    @Override
    public void validate(@Nullable PipelineOptions options) {
      requireConnectionAndStatements();
      s.connection.validate();
      if (s.grouping == Grouping.NONE && s.batchLimitsSet) {
        throw new IllegalArgumentException("withGrouping(NONE) sends no batches, so "
            + "withMaxBatchRows/withMaxBatchBytes/withMaxPartitionsPerBatch conflict with it");
      }
      validateExactlyOnce();
    }

    /** Also run at apply time, so that a conflict shows where the transform is applied. */
    private void validateExactlyOnce() {
      if (s.exactlyOnce == null) {
        return;
      }
      if (s.failureMode == FailureMode.REPORT) {
        throw new IllegalArgumentException("withExactlyOnce conflicts with withFailureMode(REPORT): a batch is "
            + "committed only when all of it is written, so failures must fail the bundle (FailureMode.FAIL)");
      }
      if (s.options.hasTimestamp()) {
        throw new IllegalArgumentException("withExactlyOnce conflicts with withWriteTimestamp: exactly-once fixes "
            + "each micro-batch's write timestamp itself, so that a rewritten batch changes nothing");
      }
    }

    /** Both are used by {@link #expand}, which runs at apply time, before {@link #validate}. */
    private void requireConnectionAndStatements() {
      if (s.connection == null) {
        throw new IllegalArgumentException("CassandraIO.write() needs withConnection(CassandraConnection)");
      }
      if (s.statements == null) {
        throw new IllegalArgumentException(
            "CassandraIO.write() needs one of withEntity(...), withStatement(cql, binder) or withRows(table)");
      }
    }

    @Override
    public WriteResult<T> expand(PCollection<T> input) {
      requireConnectionAndStatements();
      validateExactlyOnce();
      StatementFactory<T> statements = statementsFor(input);
      TupleTag<Long> signalTag = new TupleTag<>("completionSignal") {};
      TupleTag<FailedWrite<T>> failuresTag = new TupleTag<>("failedWrites") {};
      PCollectionTuple out = s.exactlyOnce == null
          ? input.apply("Write to Cassandra", ParDo.of(new WriteFn<>(this, statements, failuresTag))
              .withOutputTags(signalTag, TupleTagList.of(failuresTag)))
          : input.apply("Write to Cassandra exactly once", new ExactlyOnceWrite<>(this, statements, s.exactlyOnce,
              input.isBounded() == PCollection.IsBounded.UNBOUNDED, signalTag, failuresTag));
      PCollection<Long> signal = out.get(signalTag).setCoder(VarLongCoder.of());
      PCollection<FailedWrite<T>> failures =
          out.get(failuresTag).setCoder(FailedWriteCoder.of(input.getCoder()));
      return new WriteResult<>(input.getPipeline(), signalTag, signal, failuresTag, failures);
    }

    private StatementFactory<T> statementsFor(PCollection<T> input) {
      StatementFactory<T> statements = s.statements;
      if (s.options.hasTtl() && statements instanceof RowStatementFactory<T> rows) {
        statements = rows.withTtlMarker(); // the generated INSERT gets "USING TTL ?"
      }
      return statements.forInput(input, s.connection);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      if (s.connection != null) {
        s.connection.populateDisplayData(builder);
      }
      builder
          .addIfNotNull(DisplayData.item("statements", s.statements == null ? null : s.statements.describe()))
          .add(DisplayData.item("grouping", s.grouping.name()))
          .add(DisplayData.item("maxBatchRows", s.batch.maxRows()))
          .add(DisplayData.item("maxBatchBytes", s.batch.maxBytes()))
          .add(DisplayData.item("maxPartitionsPerBatch", s.batch.maxPartitions()))
          .add(DisplayData.item("maxInFlightRequests", s.execution.maxInFlightRequests()))
          .add(DisplayData.item("maxInFlightBytes", s.execution.maxInFlightBytes()))
          .add(DisplayData.item("maxBufferedStatements", s.execution.maxBufferedStatements()))
          .add(DisplayData.item("maxAttempts", s.retry.maxAttempts()))
          .add(DisplayData.item("failureMode", s.failureMode.name()));
      s.options.populateDisplayData(builder);
      if (s.exactlyOnce != null) {
        s.exactlyOnce.populateDisplayData(builder);
      }
    }

    CassandraConnection connection() {
      return s.connection;
    }

    StatementOptions<T> statementOptions() {
      return s.options;
    }

    Grouping grouping() {
      return s.grouping;
    }

    BatchLimits batchLimits() {
      return s.batch;
    }

    ExecutionLimits executionLimits() {
      return s.execution;
    }

    RetryPolicy retryPolicy() {
      return s.retry;
    }

    FailureMode failureMode() {
      return s.failureMode;
    }

    @Nullable SentRequestListener sentRequestListener() {
      return s.listener;
    }

    private Write<T> withStatements(StatementFactory<T> statements, String option) {
      if (s.statements != null) {
        throw new IllegalArgumentException(option + "(...) conflicts with " + s.statementsOption
            + "(...) set before: a write takes exactly one of withEntity, withStatement, withRows");
      }
      return with(x -> {
        x.statements = statements;
        x.statementsOption = option;
      });
    }

    private Write<T> with(Consumer<Settings<T>> change) {
      Settings<T> copy = s.copy();
      BatchLimits before = copy.batch;
      change.accept(copy);
      copy.batchLimitsSet |= copy.batch != before;
      return new Write<>(copy);
    }
  }

  /** The mutable scratch form of a {@link Write}'s options, copied on every change. */
  private static final class Settings<T> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    @Nullable CassandraConnection connection;
    @Nullable StatementFactory<T> statements;
    @Nullable String statementsOption;
    StatementOptions<T> options = StatementOptions.defaults();
    Grouping grouping = Grouping.AUTO;
    BatchLimits batch = BatchLimits.defaults();
    boolean batchLimitsSet;
    ExecutionLimits execution = ExecutionLimits.defaults();
    RetryPolicy retry = RetryPolicy.defaults();
    FailureMode failureMode = FailureMode.FAIL;
    @Nullable SentRequestListener listener;
    @Nullable ExactlyOnce exactlyOnce;

    Settings<T> copy() {
      Settings<T> c = new Settings<>();
      c.connection = connection;
      c.statements = statements;
      c.statementsOption = statementsOption;
      c.options = options;
      c.grouping = grouping;
      c.batch = batch;
      c.batchLimitsSet = batchLimitsSet;
      c.execution = execution;
      c.retry = retry;
      c.failureMode = failureMode;
      c.listener = listener;
      c.exactlyOnce = exactlyOnce;
      return c;
    }
  }
}
