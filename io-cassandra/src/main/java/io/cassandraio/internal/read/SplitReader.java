package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.internal.execution.RetrySchedule;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one split: its slices cut into at least {@code maxConcurrentPages} smaller slices, each a
 * chain of pages, with up to {@code maxConcurrentPages} page requests in flight. Pages arrive on
 * driver threads and are queued; their rows are handed to {@code emit} on the caller's thread
 * (the DoFn's), so a slow consumer holds at most that many pages in memory.
 *
 * <p>A page that fails with a timeout (the coordinator's or the driver's), an unavailable or
 * overloaded replica or a lost connection is requested again from the same paging state after a
 * backoff, up to the read's attempts; each retry counts in {@link CassandraIOMetrics#PAGES_RETRIED},
 * the first of a split is a WARN line (the others DEBUG: a node that just died times out every
 * page in flight at once), and a split that retried ends with a WARN line that counts them. Every request is routed by a token of its slice, so that a
 * replica coordinates it.
 */
final class SplitReader {
  private static final Logger LOG = LoggerFactory.getLogger(SplitReader.class);

  private final CqlSession session;
  private final ReadSpec<?> spec;
  private final PreparedStatement sliceQuery;
  private final PreparedStatement wholeTableQuery;
  private final @Nullable TokenMap tokens;
  private final CqlIdentifier keyspace;
  private final @Nullable String executionProfile;
  private final Counter rowsRead = Metrics.counter(CassandraIOMetrics.NAMESPACE, CassandraIOMetrics.ROWS_READ);
  private final Counter pagesRetried = Metrics.counter(CassandraIOMetrics.NAMESPACE, CassandraIOMetrics.PAGES_RETRIED);

  SplitReader(CqlSession session, ReadSpec<?> spec, PreparedStatement sliceQuery, PreparedStatement wholeTableQuery,
      CqlIdentifier keyspace) {
    this.session = session;
    this.spec = spec;
    this.sliceQuery = sliceQuery;
    this.wholeTableQuery = wholeTableQuery;
    this.tokens = session.getMetadata().getTokenMap().orElse(null);
    this.keyspace = keyspace;
    this.executionProfile = spec.connection().executionProfile();
  }

  /** One page request: the slice (null: the whole table), where its pages stand, which attempt this is. */
  private record Page(@Nullable TokenSlice slice, @Nullable ByteBuffer pagingState, int attempt) {}

  private record Outcome(Page page, @Nullable AsyncResultSet result, @Nullable Throwable error) {}

  /** Reads {@code split}, handing every row to {@code emit}; returns how many. */
  long read(ReadSplit split, Consumer<Row> emit) throws InterruptedException {
    int concurrency = spec.maxConcurrentPages();
    Deque<Page> waiting = new ArrayDeque<>();
    if (split.wholeTable()) {
      waiting.add(new Page(null, null, 1));
    } else {
      for (List<TokenSlice> run : SplitPlanner.cutEvenly(split.slices(), Math.max(concurrency, split.slices().size()))) {
        run.forEach(slice -> waiting.add(new Page(slice, null, 1)));
      }
    }
    BlockingQueue<Outcome> done = new LinkedBlockingQueue<>();
    int inFlight = 0;
    long rows = 0;
    retries = 0;
    while (!waiting.isEmpty() || inFlight > 0) {
      while (inFlight < concurrency && !waiting.isEmpty()) {
        send(waiting.poll(), done);
        inFlight++;
      }
      Outcome outcome = done.take();
      inFlight--;
      if (outcome.error() != null) {
        waiting.addFirst(retryOf(outcome.page(), outcome.error()));
        continue;
      }
      AsyncResultSet page = outcome.result();
      if (page.hasMorePages()) {
        // Asked for before this page's rows are emitted, so that the replica works while we do.
        send(new Page(outcome.page().slice(), page.getExecutionInfo().getPagingState(), 1), done);
        inFlight++;
      }
      int n = 0;
      for (Row row : page.currentPage()) {
        emit.accept(row);
        n++;
      }
      rows += n;
      rowsRead.inc(n);
    }
    if (retries > 0) {
      LOG.warn("{}: {} page requests of a split of {} token slices were retried; the split was read whole ({} rows)",
          spec.describe(), retries, split.slices().size(), rows);
    }
    return rows;
  }

  /** Page requests retried in the split being read. */
  private long retries;

  private void send(Page page, BlockingQueue<Outcome> done) {
    BoundStatement statement;
    try {
      statement = statementFor(page);
    } catch (RuntimeException e) {
      done.add(new Outcome(page, null, e));
      return;
    }
    session.executeAsync(statement).whenComplete((result, error) -> done.add(new Outcome(page, result, error)));
  }

  BoundStatement statementFor(Page page) {
    TokenSlice slice = page.slice();
    BoundStatement s = slice == null ? wholeTableQuery.bind() : sliceQuery.bind(slice.start(), slice.end());
    s = s.setPageSize(spec.pageSize()).setIdempotent(true).setRoutingKeyspace(keyspace);
    if (slice != null && tokens != null) {
      s = s.setRoutingToken(tokens.parse(Long.toString(slice.end()))); // (start, end]: end has the slice's replicas
    }
    if (spec.consistencyLevel() != null) {
      s = s.setConsistencyLevel(spec.consistencyLevel());
    }
    if (executionProfile != null) {
      s = s.setExecutionProfileName(executionProfile);
    }
    if (page.pagingState() != null) {
      s = s.setPagingState(page.pagingState());
    }
    return s;
  }

  /** The same page again after a backoff, or throws if {@code error} is not worth it or the attempts are spent. */
  private Page retryOf(Page page, Throwable error) throws InterruptedException {
    Throwable cause = RetrySchedule.unwrap(error);
    RetrySchedule retry = spec.retrySchedule();
    boolean transientError = retry.shouldRetry(page.attempt(), true, cause)
        || cause instanceof ReadTimeoutException && page.attempt() < retry.maxAttempts();
    String where = (page.slice() == null ? "the whole table" : "token range " + page.slice())
        + (page.pagingState() == null ? ", first page" : ", a later page");
    if (!transientError) {
      throw new IllegalStateException(spec.describe() + ": reading " + where + " failed"
          + (page.attempt() > 1 ? " after " + page.attempt() + " attempts" : "") + ": " + cause, cause);
    }
    long backoffMs = retry.backoff(page.attempt()).toMillis();
    if (retries++ == 0) {
      LOG.warn("{}: reading {} failed (attempt {} of {}), again from the same paging state in {} ms: {}",
          spec.describe(), where, page.attempt(), retry.maxAttempts(), backoffMs, cause.toString());
    } else {
      LOG.debug("{}: reading {} failed (attempt {} of {}), again from the same paging state in {} ms: {}",
          spec.describe(), where, page.attempt(), retry.maxAttempts(), backoffMs, cause.toString());
    }
    pagesRetried.inc();
    Thread.sleep(backoffMs);
    return new Page(page.slice(), page.pagingState(), page.attempt() + 1);
  }
}
