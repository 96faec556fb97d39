package io.cassandraio.it.fault;

import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.FailedWrite;
import io.cassandraio.FailureMode;
import io.cassandraio.WriteResult;
import io.cassandraio.it.support.FlinkJobs;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.values.PCollection;
import org.apache.flink.core.execution.JobClient;

/**
 * One write of a fault scenario: {@code rows} keys {@code 0..rows-1}, paced (so that the fault
 * lands mid-write: {@link PacedKeys}) or as fast as the writer goes, each upserted
 * as {@code (k, 'v<k>')} into {@code table} at a chosen
 * consistency, on the DirectRunner or on the Flink runner in local mode (a MiniCluster in this JVM).
 * The run is detached: the test waits for it with a bound and injects its fault meanwhile, when
 * {@link Running#statementsSent()} says the write is under way. Failed elements (REPORT mode) are
 * collected in this JVM; the writer's Beam metrics are read where the runner gives them
 * (DirectRunner).
 *
 * <p>Poison elements (every {@code poisonEvery}-th key, {@code k % poisonEvery == poisonEvery - 1})
 * come in two kinds, alternately: one the binder refuses (client side) and one the server rejects
 * (a TTL of -1: InvalidQueryException), so both paths of REPORT are exercised.
 */
final class FaultWrite implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  private static final Map<String, AtomicLong> SENT = new ConcurrentHashMap<>();
  private static final Map<String, Queue<FailedWrite<Long>>> FAILED = new ConcurrentHashMap<>();
  private static final Map<String, Queue<BadRecordSeen>> BAD_RECORDS = new ConcurrentHashMap<>();

  enum Runner {
    DIRECT, FLINK
  }

  private final String name;
  private final transient TestKeyspace keyspace;
  private final String table;
  private long rows = 3000;
  private long rowsPerSecond; // 0: not paced
  private long holdAt; // 0: never held
  private boolean errorHandler;
  private ConsistencyLevel consistency;
  private FailureMode failureMode = FailureMode.FAIL;
  private long poisonEvery;
  private Runner runner = Runner.DIRECT;

  private FaultWrite(String name, TestKeyspace keyspace, String table, ConsistencyLevel consistency) {
    this.name = name;
    this.keyspace = keyspace;
    this.table = table;
    this.consistency = consistency;
  }

  /** {@code name} keys this run's counters: unique per run. */
  static FaultWrite of(String name, TestKeyspace keyspace, String table, ConsistencyLevel consistency) {
    return new FaultWrite(name, keyspace, table, consistency);
  }

  /** The table's definition, as every fault scenario writes it. */
  static String tableDefinition() {
    return "k bigint PRIMARY KEY, v text";
  }

  /** {@code rows} keys, {@code rowsPerSecond} of them a second (0: as fast as the writer goes). */
  FaultWrite rows(long rows, long rowsPerSecond) {
    this.rows = rows;
    this.rowsPerSecond = rowsPerSecond;
    return this;
  }

  /**
   * Once {@code elements} went through, the input trickles until {@link Running#release()}: the
   * test injects its fault meanwhile, and the write goes on after it, however long it took.
   */
  FaultWrite holdAt(long elements) {
    this.holdAt = elements;
    return this;
  }

  /** Failed elements also go to a Beam error handler ({@code withErrorHandler}), collected in this JVM. */
  FaultWrite withErrorHandler() {
    this.errorHandler = true;
    return this;
  }

  FaultWrite failureMode(FailureMode mode) {
    this.failureMode = mode;
    return this;
  }

  FaultWrite poisonEvery(long every) {
    this.poisonEvery = every;
    return this;
  }

  FaultWrite on(Runner runner) {
    this.runner = runner;
    return this;
  }

  long rows() {
    return rows;
  }

  String runnerName() {
    return runner == Runner.DIRECT ? "direct" : "flink-local";
  }

  boolean isPoison(long k) {
    return poisonEvery > 0 && k % poisonEvery == poisonEvery - 1;
  }

  /** The poison the server rejects (TTL -1); the other poison the binder refuses. */
  boolean isServerPoison(long k) {
    return isPoison(k) && (k / poisonEvery) % 2 == 1;
  }

  /** The transform, for a scenario that adds something to it. */
  CassandraIO.Write<Long> write() {
    String key = name;
    FaultWrite self = this;
    return CassandraIO.<Long>write()
        .withConnection(keyspace.connection())
        .withStatement("INSERT INTO " + table + " (k, v) VALUES (?, ?) USING TTL ?", (k, b) -> {
          if (self.isPoison(k) && !self.isServerPoison(k)) {
            throw new IllegalArgumentException("poison element " + k);
          }
          return b.setLong(0, k).setString(1, "v" + k).build();
        })
        .withTtl(k -> self.isServerPoison(k) ? -1 : null)
        .withConsistencyLevel(consistency)
        .withFailureMode(failureMode)
        .withSentRequestListener(statements -> SENT.computeIfAbsent(key, n -> new AtomicLong())
            .addAndGet(statements.size()));
  }

  Running start() throws Exception {
    return start(write());
  }

  Running start(CassandraIO.Write<Long> write) throws Exception {
    SENT.put(name, new AtomicLong());
    PacedKeys.register(name, rowsPerSecond, holdAt);
    FAILED.put(name, new ConcurrentLinkedQueue<>());
    Pipeline pipeline = Pipeline.create(options());
    PCollection<Long> keys = rowsPerSecond > 0
        ? pipeline.apply("Start", Impulse.create()).apply("Paced keys", ParDo.of(new PacedKeys(name, rows)))
        : pipeline.apply("Keys", GenerateSequence.from(0).to(rows));
    WriteResult<Long> result;
    if (errorHandler) {
      BAD_RECORDS.put(name, new ConcurrentLinkedQueue<>());
      BadRecordErrorHandler<PCollection<Void>> handler = pipeline.registerBadRecordErrorHandler(new CollectBadRecords(name));
      try (handler) {
        result = keys.apply("Write", write.withErrorHandler(handler));
      }
    } else {
      result = keys.apply("Write", write);
    }
    result.getFailedWrites().apply("Collect failures", ParDo.of(new CollectFailures(name)));
    long started = System.nanoTime();
    return new Running(pipeline.run(), started);
  }

  private org.apache.beam.sdk.options.PipelineOptions options() {
    if (runner == Runner.FLINK) {
      // Streaming: bundles of at most 1,000 elements or 1 s, so that the writer sends while the keys
      // come (in batch mode its one bundle would be sent in flushes of 5,000 statements). No
      // checkpoints: the job ends with its input.
      FlinkPipelineOptions options = FlinkJobs.local(2);
      options.setStreaming(true);
      return options;
    }
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setBlockOnRun(false);
    return options;
  }

  /** The keys stored in the table, read at {@code level}; retried while reads time out (a node just killed). */
  TreeSet<Long> storedKeys(CqlSession session, ConsistencyLevel level, Duration timeout) {
    TreeSet<Long> keys = new TreeSet<>();
    await("read back " + keyspace.table(table) + " at " + level).atMost(timeout).pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions().until(() -> {
          keys.clear();
          for (Row row : session.execute(SimpleStatement.newInstance("SELECT k FROM " + keyspace.table(table))
              .setConsistencyLevel(level).setPageSize(1000).setTimeout(READ_TIMEOUT))) {
            keys.add(row.getLong(0));
          }
          return true;
        });
    return keys;
  }

  /** Keys {@code 0..rows-1} that are not poison: what must be stored. */
  TreeSet<Long> goodKeys() {
    TreeSet<Long> keys = new TreeSet<>();
    for (long k = 0; k < rows; k++) {
      if (!isPoison(k)) {
        keys.add(k);
      }
    }
    return keys;
  }

  /** A running write. */
  final class Running {
    private final PipelineResult result;
    private final long startedNanos;

    Running(PipelineResult result, long startedNanos) {
      this.result = result;
      this.startedNanos = startedNanos;
    }

    /**
     * Waits until the input is held ({@link #holdAt}) and the writer sent at least half of what came
     * before (a runner may buffer a bundle's elements for up to a second); fails if the write ends
     * or the time is up first.
     */
    void awaitHeld(Duration timeout) {
      PacedKeys.Pacer pacer = PacedKeys.pacer(name);
      await(name + ": input held after " + holdAt + " elements, " + holdAt / 2 + " statements sent")
          .atMost(timeout).pollInterval(Duration.ofMillis(20))
          .until(() -> (pacer.passed() >= holdAt && statementsSent() >= holdAt / 2) || ended());
      if (pacer.passed() < holdAt || statementsSent() < holdAt / 2) {
        throw new AssertionError(name + ": the write ended before its input was held");
      }
    }

    /** The input goes on at full pace. */
    void release() {
      PacedKeys.pacer(name).release();
    }

    /** Elements the pacing step let through so far. */
    long elementsPassed() {
      return PacedKeys.pacer(name).passed();
    }

    /** Statements handed to the driver so far, retries included. */
    long statementsSent() {
      return SENT.get(name).get();
    }

    /** Waits until {@code statements} were sent; fails if the write ends or the time is up first. */
    void awaitStatementsSent(long statements, Duration timeout) {
      await(name + ": " + statements + " statements sent").atMost(timeout).pollInterval(Duration.ofMillis(20))
          .until(() -> statementsSent() >= statements || ended());
      if (statementsSent() < statements) {
        throw new AssertionError(name + ": the write ended after " + statementsSent() + " statements, before the "
            + statements + " at which the fault was to land: pace the source slower");
      }
    }

    long millisSinceStart() {
      return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private boolean ended() throws Exception {
      if (runner == Runner.FLINK) {
        return FlinkJobs.jobClient(result).getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState();
      }
      return result.getState().isTerminal();
    }

    /**
     * Waits up to {@code timeout} for the end of the write; a run still going then is cancelled and
     * fails the test (a hang). A failed run is an outcome, not an exception.
     */
    Outcome awaitEnd(Duration timeout) throws Exception {
      Throwable error = null;
      if (runner == Runner.FLINK) {
        JobClient job = FlinkJobs.jobClient(result);
        try {
          job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          job.cancel().get(60, TimeUnit.SECONDS);
          throw new AssertionError(name + ": the Flink job did not end within " + timeout.toSeconds() + " s (a hang); cancelled it");
        } catch (ExecutionException e) {
          error = e.getCause();
        }
      } else {
        try {
          PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.millis(timeout.toMillis()));
          if (state == null || !state.isTerminal()) {
            result.cancel();
            throw new AssertionError(name + ": the pipeline did not end within " + timeout.toSeconds()
                + " s (a hang; state " + state + "); cancelled it");
          }
        } catch (RuntimeException e) {
          error = e;
        }
      }
      long millis = millisSinceStart();
      return new Outcome(error, millis, statementsSent(), new ArrayList<>(FAILED.get(name)),
          new ArrayList<>(BAD_RECORDS.getOrDefault(name, new ConcurrentLinkedQueue<>())),
          runner == Runner.DIRECT ? metric(CassandraIOMetrics.ROWS_WRITTEN) : -1,
          runner == Runner.DIRECT ? metric(CassandraIOMetrics.STATEMENTS_RETRIED) : -1,
          runner == Runner.DIRECT ? metric(CassandraIOMetrics.FAILED_ELEMENTS) : -1);
    }

    private long metric(String metric) {
      try {
        return WriterMetrics.committed(result, metric);
      } catch (RuntimeException unavailable) {
        return -1;
      }
    }
  }

  /**
   * How a write ended. {@code error} is null when it succeeded. Metrics are -1 where the runner
   * does not give them (Flink detached).
   */
  record Outcome(Throwable error, long millis, long statementsSent, List<FailedWrite<Long>> reported,
      List<BadRecordSeen> badRecords, long rowsWrittenMetric, long retriedMetric, long failedMetric) {
    /** Every message along the cause chain, one per line. */
    String messages() {
      StringBuilder b = new StringBuilder();
      for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
        b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
      }
      return b.toString();
    }
  }

  /** What the error handler got: the element decoded with the input's coder, and the failure. */
  record BadRecordSeen(long element, String exception, String description) implements Serializable {}

  /** The error handler's sink: decodes each bad record and keeps it in this JVM. */
  private static final class CollectBadRecords extends PTransform<PCollection<BadRecord>, PCollection<Void>> {
    private static final long serialVersionUID = 1L;
    private final String name;

    CollectBadRecords(String name) {
      this.name = name;
    }

    @Override
    public PCollection<Void> expand(PCollection<BadRecord> records) {
      String key = name;
      return records.apply("Collect bad records", ParDo.of(new DoFn<BadRecord, Void>() {
        @ProcessElement
        public void process(@Element BadRecord r) throws java.io.IOException {
          long k = CoderUtils.decodeFromByteArray(VarLongCoder.of(), r.getRecord().getEncodedRecord());
          BAD_RECORDS.computeIfAbsent(key, n -> new ConcurrentLinkedQueue<>())
              .add(new BadRecordSeen(k, r.getFailure().getException(), r.getFailure().getDescription()));
        }
      }));
    }
  }

  /** Puts every failed write into this JVM's collection of its run. */
  private static final class CollectFailures extends DoFn<FailedWrite<Long>, Void> {
    private static final long serialVersionUID = 1L;
    private final String name;

    CollectFailures(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element FailedWrite<Long> failure) {
      FAILED.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>()).add(failure);
    }
  }
}
