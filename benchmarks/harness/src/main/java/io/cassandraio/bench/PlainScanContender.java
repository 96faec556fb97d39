package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import io.cassandraio.bench.workload.ReadChecksum;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read reference ({@code plain-scan}): what a careful hand-written driver-4 scan does. The
 * ring's token ranges cut evenly into {@link #SPLITS} slices, each read page by page with a
 * prepared {@code token(k) > ? AND token(k) <= ?} statement routed to a replica of the slice, at
 * most {@link #CONCURRENT_PAGES} page requests in flight over all slices. It counts the rows and
 * their checksum in the driver's callbacks; no retries.
 */
public final class PlainScanContender implements ReadContender {
  public static final String NAME = "plain-scan";
  /** The splits of every read contender (ours is given the same number with withNumSplits). */
  public static final int SPLITS = 128;
  public static final int CONCURRENT_PAGES = 64;
  public static final int PAGE_SIZE = 5_000;
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome read(BenchTarget target) throws Exception {
    long start = System.nanoTime();
    try (CqlSession session = target.newSession()) {
      TokenMap tokens = session.getMetadata().getTokenMap()
          .orElseThrow(() -> new IllegalStateException(NAME + ": the driver knows no token map"));
      List<RingSlices.Slice> slices = RingSlices.of(tokens, SPLITS);
      PreparedStatement select = session.prepare("SELECT sensor_id, ts, value, payload FROM "
          + BenchTarget.KEYSPACE + "." + BenchTarget.TABLE + " WHERE token(sensor_id) > ? AND token(sensor_id) <= ?");
      LongAdder rows = new LongAdder();
      LongAdder checksum = new LongAdder();
      scan(slices, slice -> session.executeAsync(select.bind(slice.start(), slice.end())
          .setRoutingKeyspace(BenchTarget.KEYSPACE)
          .setRoutingToken(tokens.parse(Long.toString(slice.end())))
          .setConsistencyLevel(target.consistency()).setPageSize(PAGE_SIZE).setTimeout(PAGE_TIMEOUT)),
          page -> {
            for (Row row : page.currentPage()) {
              rows.increment();
              checksum.add(ReadChecksum.of(row.getString(0), row.getLong(1), row.getDouble(2), row.getString(3)));
            }
          });
      return new Outcome(rows.sum(), checksum.sum(), (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Requests the first page of every slice and each next page as its predecessor arrives, with
   * at most {@link #CONCURRENT_PAGES} requests outstanding; returns once every slice is read.
   */
  static void scan(List<RingSlices.Slice> slices,
      Function<RingSlices.Slice, CompletionStage<AsyncResultSet>> firstPage, Consumer<AsyncResultSet> onPage) throws InterruptedException {
    Semaphore inFlight = new Semaphore(CONCURRENT_PAGES);
    BlockingQueue<Supplier<CompletionStage<AsyncResultSet>>> ready = new LinkedBlockingQueue<>();
    slices.forEach(s -> ready.add(() -> firstPage.apply(s)));
    AtomicInteger unfinished = new AtomicInteger(slices.size());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    while (unfinished.get() > 0) {
      if (failure.get() != null) {
        throw new IllegalStateException(NAME + ": a page request failed", failure.get());
      }
      Supplier<CompletionStage<AsyncResultSet>> next = ready.poll(50, TimeUnit.MILLISECONDS);
      if (next == null) {
        continue;
      }
      inFlight.acquire();
      next.get().whenComplete((page, error) -> {
        try {
          if (error != null) {
            failure.compareAndSet(null, error);
            return;
          }
          onPage.accept(page);
          if (page.hasMorePages()) {
            ready.add(page::fetchNextPage);
          } else {
            unfinished.decrementAndGet();
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        } finally {
          inFlight.release();
        }
      });
    }
    inFlight.acquire(CONCURRENT_PAGES); // the last callbacks have finished counting
    if (failure.get() != null) {
      throw new IllegalStateException(NAME + ": a page request failed", failure.get());
    }
  }
}
