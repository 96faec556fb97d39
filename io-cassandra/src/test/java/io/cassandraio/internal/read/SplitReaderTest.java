package io.cassandraio.internal.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import io.cassandraio.internal.execution.RetrySchedule;
import io.cassandraio.internal.session.ConnectionSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

/**
 * {@link SplitReader} against a fake session whose "server" holds one row per token in a list
 * and answers on other threads, failing the first attempt of every other page with a driver
 * timeout: every row is emitted exactly once, on the caller's thread, a retried page is asked
 * from the same paging state (none for a first page), and no more pages are in flight than
 * {@code withMaxConcurrentPages} allows.
 */
public class SplitReaderTest {
  private static final int PAGE_SIZE = 7;

  private final ExecutorService driverThreads = Executors.newFixedThreadPool(4);
  private final List<Long> tokens = new ArrayList<>();
  /** The statement's slice and paging state (the index of the next row of that slice). */
  private final Map<BoundStatement, long[]> bound = new ConcurrentHashMap<>();
  private final Map<BoundStatement, ByteBuffer> pagingStates = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attemptsOfPage = new ConcurrentHashMap<>();
  private final List<String> retriedPages = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  @After
  public void stop() {
    driverThreads.shutdownNow();
  }

  private PreparedStatement sliceQuery() {
    PreparedStatement prepared = mock(PreparedStatement.class);
    when(prepared.bind(anyLong(), anyLong())).thenAnswer(inv -> {
      BoundStatement s = mock(BoundStatement.class, RETURNS_SELF);
      when(s.setPagingState(any(ByteBuffer.class))).thenAnswer(set -> {
        pagingStates.put(s, set.getArgument(0));
        return s;
      });
      bound.put(s, new long[] {inv.<Long>getArgument(0), inv.<Long>getArgument(1)});
      return s;
    });
    return prepared;
  }

  private CqlSession session() {
    CqlSession session = mock(CqlSession.class);
    Metadata metadata = mock(Metadata.class);
    when(metadata.getTokenMap()).thenReturn(Optional.empty());
    when(session.getMetadata()).thenReturn(metadata);
    when(session.executeAsync(any(Statement.class))).thenAnswer(inv -> {
      BoundStatement s = inv.getArgument(0);
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      CompletableFuture<AsyncResultSet> result = new CompletableFuture<>();
      driverThreads.execute(() -> answer(s, result));
      return result;
    });
    return session;
  }

  /** The page {@code s} asks for: rows of its slice from its paging state on, the first attempt of every other page failing. */
  private void answer(BoundStatement s, CompletableFuture<AsyncResultSet> result) {
    long[] slice = bound.get(s);
    ByteBuffer state = pagingStates.get(s);
    int from = state == null ? 0 : state.getInt(0);
    String page = "(" + slice[0] + ", " + slice[1] + "]@" + from;
    int attempt = attemptsOfPage.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
    inFlight.decrementAndGet();
    if (attempt == 1 && (from / PAGE_SIZE) % 2 == 0) {
      result.completeExceptionally(new DriverTimeoutException("fake timeout of " + page));
      return;
    }
    if (attempt > 1) {
      retriedPages.add(page);
    }
    List<Long> inSlice = tokens.stream().filter(t -> t > slice[0] && t <= slice[1]).toList();
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < Math.min(from + PAGE_SIZE, inSlice.size()); i++) {
      Row row = mock(Row.class);
      when(row.getLong(0)).thenReturn(inSlice.get(i));
      rows.add(row);
    }
    boolean more = from + PAGE_SIZE < inSlice.size();
    AsyncResultSet rs = mock(AsyncResultSet.class);
    ExecutionInfo info = mock(ExecutionInfo.class);
    when(info.getPagingState()).thenReturn(more ? ByteBuffer.allocate(4).putInt(0, from + PAGE_SIZE) : null);
    when(rs.getExecutionInfo()).thenReturn(info);
    when(rs.currentPage()).thenReturn(rows);
    when(rs.hasMorePages()).thenReturn(more);
    result.complete(rs);
  }

  private SplitReader reader(int concurrency) {
    ConnectionSpec connection = ConnectionSpec.empty().toBuilder().setContactPoints(List.of("127.0.0.1:9042")).build();
    ReadSpec<?> spec = ReadSpec.defaults().toBuilder().setConnection(connection).setPageSize(PAGE_SIZE)
        .setMaxConcurrentPages(concurrency).setRetrySchedule(new RetrySchedule(2, Duration.ZERO, Duration.ZERO)).build();
    return new SplitReader(session(), spec, sliceQuery(), mock(PreparedStatement.class), CqlIdentifier.fromInternal("ks"));
  }

  @Test
  public void everyRowOnceOnTheCallersThreadWithRetriedPagesFromTheirPagingState() throws Exception {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 500; i++) {
      tokens.add(random.nextLong());
    }
    tokens.addAll(List.of(Long.MIN_VALUE + 1, Long.MAX_VALUE, 0L, -1L, 1L));
    ReadSplit split = new ReadSplit(List.of(new TokenSlice(Long.MIN_VALUE, -1), new TokenSlice(-1, Long.MAX_VALUE)));
    Thread caller = Thread.currentThread();
    List<Long> emitted = new ArrayList<>();
    long count = reader(3).read(split, row -> {
      assertSame("rows are emitted on the DoFn's thread", caller, Thread.currentThread());
      emitted.add(row.getLong(0));
    });
    assertEquals(tokens.size(), count);
    assertEquals(tokens.stream().sorted().toList(), emitted.stream().sorted().toList());
    assertTrue("max in flight " + maxInFlight.get(), maxInFlight.get() <= 3);
    assertTrue("first pages and later pages were retried: " + retriedPages,
        retriedPages.stream().anyMatch(p -> p.endsWith("@0")) && retriedPages.stream().anyMatch(p -> p.endsWith("@14")));
    // A retry repeats its page once: the first attempt failed, the second succeeded.
    attemptsOfPage.forEach((page, attempts) -> assertTrue(page + ": " + attempts, attempts.get() <= 2));
  }

  @Test
  public void aRetriedFirstPageCarriesNoPagingState() throws Exception {
    tokens.addAll(List.of(1L, 2L, 3L));
    reader(1).read(new ReadSplit(List.of(new TokenSlice(0, 10))), row -> { });
    // One slice, one page: the first attempt failed, the retry was sent without a paging state.
    assertEquals(List.of("(0, 10]@0"), retriedPages.stream().distinct().toList());
    assertNull(pagingStates.values().stream().findAny().orElse(null));
  }
}
