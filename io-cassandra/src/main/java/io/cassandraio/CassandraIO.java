package io.cassandraio;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.internal.execution.ExecutionLimits;
import io.cassandraio.internal.execution.RetrySchedule;
import io.cassandraio.internal.grouping.BatchLimits;
import io.cassandraio.internal.read.EntityReader;
import io.cassandraio.internal.read.PlanSplitsFn;
import io.cassandraio.internal.read.ReadSplit;
import io.cassandraio.internal.read.ReadSplitFn;
import io.cassandraio.internal.read.ReadSpec;
import io.cassandraio.internal.read.ReadTable;
import io.cassandraio.internal.result.FailedWriteCoder;
import io.cassandraio.internal.result.ToBadRecordFn;
import io.cassandraio.internal.schema.TableSchemas;
import io.cassandraio.internal.statement.Consistency;
import io.cassandraio.internal.statement.CqlStatementFactory;
import io.cassandraio.internal.statement.EntityStatementFactory;
import io.cassandraio.internal.statement.RowStatementFactory;
import io.cassandraio.internal.statement.StatementFactory;
import io.cassandraio.internal.statement.StatementOptions;
import io.cassandraio.internal.statement.TableName;
import io.cassandraio.internal.write.ExactlyOnceWrite;
import io.cassandraio.internal.write.WriteFn;
import io.cassandraio.internal.write.WriteSpec;
import io.cassandraio.listener.SentRequestListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
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
 * RetrySchedule#DEFAULT_MAX_ATTEMPTS} attempts for idempotent statements; nulls left unset;
 * {@link FailureMode#FAIL}. {@link Write#withExactlyOnce} adds exactly-once replay through a
 * checkpoint-id table (see {@link ExactlyOnce}).
 *
 * <p>{@link #read()} reads a table (or some of its columns) as Beam {@link Row}s, split by token
 * ranges; see {@link Read}.
 */
public final class CassandraIO {
  private CassandraIO() {}

  public static <T> Write<T> write() {
    return new Write<>(WriteSpec.defaults(), null);
  }

  /**
   * The Beam schema of {@code table} ({@code table} with the connection's keyspace, or {@code
   * keyspace.table}): every column, typed as the README's "Beam schemas and CQL types" says,
   * primary-key columns not null. Rows of it go into {@code withRows}. Asks the cluster, with a
   * session held only for this call.
   */
  public static Schema schemaOf(CassandraConnection connection, String table) {
    return TableSchemas.schemaOf(connection.spec(), table);
  }

  /** Reads a table as {@code PCollection<Row>} with the table's Beam schema; see {@link Read}. */
  public static Read<Row> read() {
    return new Read<>(ReadSpec.defaults(), null);
  }

  /**
   * The read transform. Immutable: every {@code withX} returns a new one.
   *
   * <pre>{@code
   * PCollection<Row> stats = pipeline.apply(CassandraIO.read()
   *     .withConnection(CassandraConnection.create()
   *         .withContactPoints("127.0.0.1:9042")
   *         .withLocalDatacenter("datacenter1"))
   *     .withTable("sensor_data.turbine_stats")
   *     .withColumns("turbine_id", "day", "max_power")               // default: every column
   *     .withConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)); // default: the driver's, LOCAL_ONE
   * }</pre>
   *
   * <p>The table's schema is read when the pipeline is built (a short-lived session to the
   * cluster): the output's Beam schema has one nullable field per column, named and ordered as
   * the columns. At run time the ring is cut into splits by token range: every range of the
   * driver's token map exactly once (the one that wraps around the ring in two), grouped by
   * replica set, as many as the table's size estimates call for ({@value
   * io.cassandraio.internal.read.SplitPlanner#DEFAULT_TARGET_SPLIT_BYTES} bytes each, at least one
   * per replica set) or {@link #withNumSplits}. Each split is read with up to {@link
   * #withMaxConcurrentPages} page requests in flight, each routed to a replica of its tokens; a
   * page that times out is requested again from its paging state ({@link #withMaxAttempts}). A
   * read is not a snapshot: rows written while it runs may or may not be in it. Defaults: page
   * size {@value ReadSpec#DEFAULT_PAGE_SIZE}, {@value ReadSpec#DEFAULT_MAX_CONCURRENT_PAGES}
   * concurrent pages, {@value RetrySchedule#DEFAULT_MAX_ATTEMPTS} attempts per page.
   */
  public static final class Read<T> extends PTransform<PBegin, PCollection<T>> {
    private static final long serialVersionUID = 1L;
    public static final int MAX_CONCURRENT_PAGES = 1024;
    private final ReadSpec<T> spec;
    /** Null: Beam rows with the table's schema (the coder follows from it at expansion). */
    private final @Nullable Coder<T> coder;

    private Read(ReadSpec<T> spec, @Nullable Coder<T> coder) {
      this.spec = spec;
      this.coder = coder;
    }

    public Read<T> withConnection(CassandraConnection connection) {
      Objects.requireNonNull(connection, "withConnection must not be null");
      return with(b -> b.setConnection(connection.spec()));
    }

    /** {@code keyspace.table}, or {@code table} in the connection's keyspace. */
    public Read<T> withTable(String table) {
      TableName name = TableName.parse("withTable", table);
      return with(b -> b.setTableName(name));
    }

    /** Reads only these columns (internal names, as {@code system_schema} shows them), in this order. */
    public Read<T> withColumns(String... columns) {
      Objects.requireNonNull(columns, "withColumns must not be null");
      if (columns.length == 0) {
        throw new IllegalArgumentException("withColumns needs at least one column (leave it out to read every column)");
      }
      for (String c : columns) {
        if (c == null || c.isBlank()) {
          throw new IllegalArgumentException("withColumns: a column name must not be null or blank, got "
              + Arrays.toString(columns));
        }
      }
      if (new HashSet<>(Arrays.asList(columns)).size() != columns.length) {
        throw new IllegalArgumentException("withColumns names a column twice: " + Arrays.toString(columns));
      }
      List<String> list = List.of(columns);
      return with(b -> b.setColumns(list));
    }

    /** Default: the driver's ({@code basic.request.consistency}, LOCAL_ONE unless configured otherwise). */
    public Read<T> withConsistencyLevel(ConsistencyLevel level) {
      DefaultConsistencyLevel known = Consistency.of("withConsistencyLevel", level);
      if (known.isSerial() || known == DefaultConsistencyLevel.ANY || known == DefaultConsistencyLevel.EACH_QUORUM) {
        throw new IllegalArgumentException("withConsistencyLevel(" + known + ") cannot read a token range; a read "
            + "takes ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE or LOCAL_QUORUM");
      }
      return with(b -> b.setConsistencyLevel(known));
    }

    /** Exactly this many splits, instead of as many as the table's size estimates call for. */
    public Read<T> withNumSplits(int splits) {
      if (splits < 1 || splits > ReadSpec.MAX_NUM_SPLITS) {
        throw new IllegalArgumentException("withNumSplits must be between 1 and " + ReadSpec.MAX_NUM_SPLITS
            + ", was " + splits);
      }
      return with(b -> b.setNumSplits(splits));
    }

    /** Rows per page request (default {@value ReadSpec#DEFAULT_PAGE_SIZE}). */
    public Read<T> withPageSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("withPageSize must be at least 1, was " + rows);
      }
      return with(b -> b.setPageSize(rows));
    }

    /** Page requests in flight per split reader (default {@value ReadSpec#DEFAULT_MAX_CONCURRENT_PAGES}). */
    public Read<T> withMaxConcurrentPages(int pages) {
      if (pages < 1 || pages > MAX_CONCURRENT_PAGES) {
        throw new IllegalArgumentException("withMaxConcurrentPages must be between 1 and " + MAX_CONCURRENT_PAGES
            + ", was " + pages);
      }
      return with(b -> b.setMaxConcurrentPages(pages));
    }

    /** Attempts per page request on timeouts and other transient errors (1 = no retry). */
    public Read<T> withMaxAttempts(int attempts) {
      return with(b -> b.setRetrySchedule(spec.retrySchedule().withMaxAttempts(attempts)));
    }

    /**
     * Reads into a type of your own: {@code mapper} turns each Beam row (with the table's schema)
     * into one, coded with {@code coder}. Replaces a mapper set before.
     */
    public <U> Read<U> withRowMapper(SerializableFunction<Row, U> mapper, Coder<U> coder) {
      Objects.requireNonNull(mapper, "withRowMapper mapper must not be null");
      Objects.requireNonNull(coder, "withRowMapper coder must not be null");
      return new Read<>(spec.mappedBy(mapper), coder);
    }

    /**
     * Reads driver-4 mapper entities: {@code daoFactory} builds the DAO once per session; {@code
     * getEntity} calls its {@code @GetEntity} method ({@code @GetEntity Item asItem(Row row)}) on
     * each row of the table's columns (or of {@link #withColumns}), coded with {@code coder}.
     */
    public <U, DaoT> Read<U> withEntity(Class<U> entityClass, SerializableFunction<CqlSession, DaoT> daoFactory,
        SerializableBiFunction<DaoT, com.datastax.oss.driver.api.core.cql.Row, U> getEntity, Coder<U> coder) {
      Objects.requireNonNull(coder, "withEntity coder must not be null");
      return new Read<>(spec.readingEntities(new EntityReader<>(entityClass, daoFactory, getEntity)), coder);
    }

    @Override
    public void validate(@Nullable PipelineOptions options) {
      spec.validate();
    }

    @Override
    public PCollection<T> expand(PBegin input) {
      spec.validate();
      ReadTable table = ReadTable.atExpansion(spec); // fails here on a wrong name, not on the workers
      Schema schema = table.reader() == null ? null : table.reader().schema();
      ReadSpec<T> expanded = schema == null ? spec : spec.toBuilder().setSchema(schema).build();
      PCollection<T> rows = input.apply("Impulse", Impulse.create())
          .apply("Plan splits", ParDo.of(new PlanSplitsFn(expanded)))
          .setCoder(SerializableCoder.of(ReadSplit.class))
          .apply("Distribute splits", Reshuffle.viaRandomKey())
          .apply("Read splits", ParDo.of(new ReadSplitFn<>(expanded)));
      if (coder != null) {
        return rows.setCoder(coder);
      }
      @SuppressWarnings("unchecked")
      PCollection<Row> beamRows = (PCollection<Row>) rows;
      beamRows.setRowSchema(schema);
      return rows;
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      spec.populateDisplayData(builder);
      builder.add(DisplayData.item("output", coder == null ? "Row" : coder.toString()));
    }

    private Read<T> with(UnaryOperator<ReadSpec.Builder<T>> change) {
      return new Read<>(change.apply(spec.toBuilder()).build(), coder);
    }
  }

  /** The write transform. Immutable: every {@code withX} returns a new one. */
  public static final class Write<T> extends PTransform<PCollection<T>, WriteResult<T>> {
    private static final long serialVersionUID = 1L;
    /** Cassandra refuses a TTL above 20 years ({@code Attributes.MAX_TTL}). */
    public static final int MAX_TTL_SECONDS = 630_720_000;
    private final WriteSpec<T> spec;
    /** Not part of the spec: it stays at construction, the workers never need it. */
    private final @Nullable ErrorHandler<BadRecord, ?> errorHandler;

    private Write(WriteSpec<T> spec, @Nullable ErrorHandler<BadRecord, ?> errorHandler) {
      this.spec = spec;
      this.errorHandler = errorHandler;
    }

    public Write<T> withConnection(CassandraConnection connection) {
      Objects.requireNonNull(connection, "withConnection must not be null");
      return with(b -> b.setConnection(connection.spec()));
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
      return withStatements(new RowStatementFactory<>(table), "withRows");
    }

    public Write<T> withGrouping(Grouping grouping) {
      Objects.requireNonNull(grouping, "withGrouping must not be null");
      return with(b -> b.setGrouping(grouping));
    }

    public Write<T> withConsistencyLevel(ConsistencyLevel level) {
      var known = Consistency.of("withConsistencyLevel", level);
      if (known.isSerial()) {
        throw new IllegalArgumentException("withConsistencyLevel takes the consistency of the write itself (ONE, "
            + "LOCAL_QUORUM, QUORUM, ALL, ...), was " + known + ": a lightweight transaction's serial consistency "
            + "goes in withSerialConsistencyLevel");
      }
      return withOptions(o -> o.setConsistencyLevel(known));
    }

    /** For lightweight transactions: SERIAL or LOCAL_SERIAL. */
    public Write<T> withSerialConsistencyLevel(ConsistencyLevel level) {
      var known = Consistency.of("withSerialConsistencyLevel", level);
      if (!known.isSerial()) {
        throw new IllegalArgumentException("withSerialConsistencyLevel takes SERIAL or LOCAL_SERIAL, was " + known);
      }
      return withOptions(o -> o.setSerialConsistencyLevel(known));
    }

    /** The same TTL for every row. Needs a TTL bind marker, except with {@link #withRows}. */
    public Write<T> withTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "withTtl must not be null");
      if (ttl.toSeconds() < 1 || ttl.toSeconds() > MAX_TTL_SECONDS) {
        throw new IllegalArgumentException("withTtl must be between 1 second and " + MAX_TTL_SECONDS
            + " seconds (20 years, Cassandra's maximum TTL), was " + ttl + " (" + ttl.toSeconds() + " s)");
      }
      int seconds = (int) ttl.toSeconds();
      return withTtl(e -> seconds);
    }

    /** A TTL in seconds per element (null: no TTL for that element). */
    public Write<T> withTtl(SerializableFunction<T, Integer> ttlSeconds) {
      Objects.requireNonNull(ttlSeconds, "withTtl must not be null");
      return withOptions(o -> o.setTtlSeconds(ttlSeconds));
    }

    /** The write timestamp, in microseconds since the epoch, for every row. */
    public Write<T> withWriteTimestamp(long micros) {
      return withWriteTimestamp(e -> micros);
    }

    /** A write timestamp in microseconds per element (null: the driver's clock). */
    public Write<T> withWriteTimestamp(SerializableFunction<T, Long> micros) {
      Objects.requireNonNull(micros, "withWriteTimestamp must not be null");
      return withOptions(o -> o.setTimestampMicros(micros));
    }

    public Write<T> withNullHandling(NullHandling handling) {
      Objects.requireNonNull(handling, "withNullHandling must not be null");
      return withOptions(o -> o.setNullHandling(handling));
    }

    /**
     * Overrides idempotence detection (by default upserts and deletes are idempotent; counter
     * updates, list appends and LWTs are not). Only idempotent statements are retried or batched.
     */
    public Write<T> withIdempotent(boolean idempotent) {
      return withOptions(o -> o.setIdempotent(idempotent));
    }

    public Write<T> withMaxBatchRows(int rows) {
      return with(b -> b.setExplicitBatchLimits(spec.batchLimits().withMaxRows(rows)));
    }

    public Write<T> withMaxBatchBytes(int bytes) {
      return with(b -> b.setExplicitBatchLimits(spec.batchLimits().withMaxBytes(bytes)));
    }

    /** Partitions one {@link Grouping#REPLICA_SET} batch may span. */
    public Write<T> withMaxPartitionsPerBatch(int partitions) {
      return with(b -> b.setExplicitBatchLimits(spec.batchLimits().withMaxPartitions(partitions)));
    }

    public Write<T> withMaxInFlightRequests(int requests) {
      return with(b -> b.setExecutionLimits(spec.executionLimits().withMaxInFlightRequests(requests)));
    }

    public Write<T> withMaxInFlightBytes(long bytes) {
      return with(b -> b.setExecutionLimits(spec.executionLimits().withMaxInFlightBytes(bytes)));
    }

    /** Statements held for grouping before they are sent, even in the middle of a bundle. */
    public Write<T> withMaxBufferedStatements(int statements) {
      return with(b -> b.setExecutionLimits(spec.executionLimits().withMaxBufferedStatements(statements)));
    }

    /**
     * Attempts per element, on the wire, on timeouts, overload, unavailability and lost connections
     * (1 = no retry); only idempotent statements are retried. A batch's attempt counts for each
     * statement in it.
     */
    public Write<T> withMaxAttempts(int attempts) {
      return with(b -> b.setRetrySchedule(spec.retrySchedule().withMaxAttempts(attempts)));
    }

    public Write<T> withRetryBackoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "withRetryBackoff initial must not be null");
      Objects.requireNonNull(max, "withRetryBackoff max must not be null");
      return with(b -> b.setRetrySchedule(spec.retrySchedule().withBackoff(initial, max)));
    }

    public Write<T> withFailureMode(FailureMode mode) {
      Objects.requireNonNull(mode, "withFailureMode must not be null");
      if (mode == FailureMode.FAIL && errorHandler != null) {
        throw new IllegalArgumentException("withFailureMode(FAIL) conflicts with withErrorHandler: the error handler "
            + "receives the elements that REPORT mode reports; FAIL mode fails the bundle instead");
      }
      return with(b -> b.setFailureMode(mode));
    }

    /**
     * Beam's dead-letter API: every element that could not be written goes to {@code handler} as
     * a {@link BadRecord} (the element encoded with the input's coder, the error, and whether it
     * may have been written after all; see {@link FailedWrite#isOutcomeUnknown()}), and the write
     * goes on. Implies {@link FailureMode#REPORT}; the same failures are also in {@link
     * WriteResult#getFailedWrites()}.
     *
     * <pre>{@code
     * try (BadRecordErrorHandler<?> handler = pipeline.registerBadRecordErrorHandler(new MyDeadLetterSink())) {
     *   rows.apply(CassandraIO.<Row>write().withConnection(connection).withRows("ks.t").withErrorHandler(handler));
     * }
     * }</pre>
     */
    public Write<T> withErrorHandler(ErrorHandler<BadRecord, ?> handler) {
      Objects.requireNonNull(handler, "withErrorHandler must not be null");
      if (handler instanceof ErrorHandler.DefaultErrorHandler) {
        throw new IllegalArgumentException("withErrorHandler needs a handler from "
            + "pipeline.registerBadRecordErrorHandler(sink); Beam's DefaultErrorHandler has no sink and would "
            + "lose every failed element");
      }
      if (handler.isClosed()) {
        throw new IllegalArgumentException("withErrorHandler: the handler is already closed; apply the write "
            + "inside the handler's try-with-resources block");
      }
      if (spec.exactlyOnce() != null) {
        throw new IllegalArgumentException(EXACTLY_ONCE_VS_HANDLER);
      }
      return new Write<>(spec.toBuilder().setFailureMode(FailureMode.REPORT).build(), handler);
    }

    private static final String EXACTLY_ONCE_VS_HANDLER = "withErrorHandler conflicts with withExactlyOnce: a "
        + "micro-batch is committed only when all of it is written, so a failed element must fail the bundle";

    /**
     * Exactly-once replay (see {@link ExactlyOnce}): sharded micro-batches with ids and write
     * timestamps fixed in Beam state, written by a {@code @RequiresStableInput} step that skips
     * batches already recorded in the checkpoint table. Needs {@link FailureMode#FAIL} and the
     * write timestamps to be its own (no {@link #withWriteTimestamp}).
     */
    public Write<T> withExactlyOnce(ExactlyOnce exactlyOnce) {
      Objects.requireNonNull(exactlyOnce, "withExactlyOnce must not be null");
      if (errorHandler != null) {
        throw new IllegalArgumentException(EXACTLY_ONCE_VS_HANDLER);
      }
      return with(b -> b.setExactlyOnce(exactlyOnce.spec()));
    }

    /**
     * The last step of {@link #withExactlyOnce} alone, for input already cut into micro-batches
     * (ids unique per sink, epoch, shard and sequence; a replayed batch must have the same
     * contents). Returns the completion signal.
     */
    public PTransform<PCollection<MicroBatch<T>>, PCollection<Long>> writeMicroBatches() {
      WriteSpec<T> checked = spec;
      return new PTransform<>("CassandraIO.writeMicroBatches") {
        @Override
        public PCollection<Long> expand(PCollection<MicroBatch<T>> batches) {
          checked.validate();
          if (checked.exactlyOnce() == null) {
            throw new IllegalArgumentException("writeMicroBatches() needs withExactlyOnce(ExactlyOnce.sinkId(...))");
          }
          if (!(batches.getCoder() instanceof MicroBatchCoder<T> coder)) {
            throw new IllegalArgumentException("writeMicroBatches() needs a PCollection coded with MicroBatchCoder, was "
                + batches.getCoder());
          }
          if (checked.statements() instanceof RowStatementFactory) {
            throw new IllegalArgumentException("writeMicroBatches() takes withEntity or withStatement; withRows needs "
                + "the schema of a PCollection<Row> and works through withExactlyOnce");
          }
          TupleTag<Long> signalTag = new TupleTag<>("completionSignal") {};
          TupleTag<FailedWrite<T>> failuresTag = new TupleTag<>("failedWrites") {};
          PCollectionTuple out = ExactlyOnceWrite.writeBatches(batches, checked, signalTag, failuresTag);
          out.get(failuresTag).setCoder(FailedWriteCoder.of(coder.getElementCoder()));
          return out.get(signalTag).setCoder(VarLongCoder.of());
        }
      };
    }

    /** Diagnostics: sees every request's statements before it is sent. */
    public Write<T> withSentRequestListener(SentRequestListener listener) {
      Objects.requireNonNull(listener, "withSentRequestListener must not be null");
      return with(b -> b.setSentRequestListener(listener));
    }

    @Override
    public void validate(@Nullable PipelineOptions options) {
      spec.validate();
    }

    @Override
    public WriteResult<T> expand(PCollection<T> input) {
      spec.validate();
      WriteSpec<T> forInput = specFor(input);
      TupleTag<Long> signalTag = new TupleTag<>("completionSignal") {};
      TupleTag<FailedWrite<T>> failuresTag = new TupleTag<>("failedWrites") {};
      PCollectionTuple out = spec.exactlyOnce() == null
          ? input.apply("Write to Cassandra", ParDo.of(new WriteFn<>(forInput, failuresTag))
              .withOutputTags(signalTag, TupleTagList.of(failuresTag)))
          : input.apply("Write to Cassandra exactly once", new ExactlyOnceWrite<>(forInput,
              input.isBounded() == PCollection.IsBounded.UNBOUNDED, signalTag, failuresTag));
      PCollection<Long> signal = out.get(signalTag).setCoder(VarLongCoder.of());
      PCollection<FailedWrite<T>> failures =
          out.get(failuresTag).setCoder(FailedWriteCoder.of(input.getCoder()));
      if (errorHandler != null) {
        errorHandler.addErrorCollection(failures.apply("Failed writes to bad records",
            ParDo.of(new ToBadRecordFn<>(input.getCoder(), spec.describe()))).setCoder(BadRecord.getCoder(input.getPipeline())));
      }
      return new WriteResult<>(input.getPipeline(), signalTag, signal, failuresTag, failures);
    }

    /** The statements as {@code input} needs them (the Row path takes its schema and a TTL marker). */
    private WriteSpec<T> specFor(PCollection<T> input) {
      StatementFactory<T> statements = spec.statements();
      if (spec.statementOptions().hasTtl() && statements instanceof RowStatementFactory<T> rows) {
        statements = rows.withTtlMarker(); // the generated INSERT gets "USING TTL ?"
      }
      return spec.toBuilder().setStatements(statements.forInput(input, spec.connection())).build();
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      spec.populateDisplayData(builder);
      builder.add(DisplayData.item("errorHandler", errorHandler != null));
    }

    private Write<T> withStatements(StatementFactory<T> statements, String option) {
      if (spec.statements() != null) {
        throw new IllegalArgumentException(option + "(...) conflicts with " + spec.statementsOption()
            + "(...) set before: a write takes exactly one of withEntity, withStatement, withRows");
      }
      return with(b -> b.setStatements(statements).setStatementsOption(option));
    }

    private Write<T> withOptions(UnaryOperator<StatementOptions.Builder<T>> change) {
      return with(b -> b.setStatementOptions(change.apply(spec.statementOptions().toBuilder()).build()));
    }

    private Write<T> with(UnaryOperator<WriteSpec.Builder<T>> change) {
      return new Write<>(change.apply(spec.toBuilder()).build(), errorHandler);
    }
  }
}
