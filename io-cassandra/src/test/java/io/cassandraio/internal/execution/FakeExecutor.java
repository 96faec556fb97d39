package io.cassandraio.internal.execution;

import static org.junit.Assert.fail;
import static org.mockito.Mockito.mock;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.cassandraio.internal.grouping.PendingWrite;
import io.cassandraio.internal.grouping.WriteUnit;
import io.cassandraio.internal.routing.GroupKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.joda.time.Instant;

/**
 * A stand-in for {@code CqlSession::executeAsync}: every request is handed to the test as a
 * {@link Request} whose future the test completes. It counts the requests and bytes outstanding
 * at each moment (a request stops counting just before its future completes, that is before the
 * writer's callback can send another), so a test can assert the window's bounds.
 */
final class FakeExecutor implements RequestExecutor {
  /** Safety net only: a correct writer answers at once; a broken one must not hang the build. */
  static final long WAIT_SECONDS = 30;

  private final LinkedBlockingQueue<Request> sent = new LinkedBlockingQueue<>();
  private final Map<Statement<?>, Integer> sizes = Collections.synchronizedMap(new IdentityHashMap<>());
  private final Map<Statement<?>, String> names = Collections.synchronizedMap(new IdentityHashMap<>());
  private final List<Statement<?>> executed = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong inFlightBytes = new AtomicLong();
  private final AtomicLong maxInFlightBytes = new AtomicLong();
  private volatile Supplier<RuntimeException> throwNext;

  /** One request sent; the test decides how it ends. */
  final class Request {
    final Statement<?> statement;
    final int sizeBytes;
    private final CompletableFuture<Object> future = new CompletableFuture<>();

    Request(Statement<?> statement, int sizeBytes) {
      this.statement = statement;
      this.sizeBytes = sizeBytes;
    }

    /** The element(s) of its statement, as the test named them. */
    String name() {
      return names.getOrDefault(statement, "?");
    }

    void succeed() {
      finished(this);
      future.complete("ok");
    }

    void fail(Throwable error) {
      finished(this);
      future.completeExceptionally(error);
    }

    @Override
    public String toString() {
      return "Request(" + name() + ")";
    }
  }

  @Override
  public CompletionStage<?> execute(Statement<?> statement) {
    executed.add(statement);
    Supplier<RuntimeException> toThrow = throwNext;
    if (toThrow != null) {
      throwNext = null;
      throw toThrow.get();
    }
    Request r = new Request(statement, sizes.getOrDefault(statement, 0));
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    maxInFlightBytes.accumulateAndGet(inFlightBytes.addAndGet(r.sizeBytes), Math::max);
    sent.add(r);
    return r.future;
  }

  private void finished(Request r) {
    inFlight.decrementAndGet();
    inFlightBytes.addAndGet(-r.sizeBytes);
  }

  /** The next request sent, waiting for it. */
  Request next() throws InterruptedException {
    Request r = sent.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (r == null) {
      fail("no request was sent within " + WAIT_SECONDS + " s (executed so far: " + executedCount() + ")");
    }
    return r;
  }

  /** Sent and not yet handed to the test by {@link #next}. */
  int unclaimed() {
    return sent.size();
  }

  /** The next call to {@link #execute} throws this instead of sending. */
  void throwOnNextExecute(Supplier<RuntimeException> error) {
    throwNext = error;
  }

  int executedCount() {
    return executed.size();
  }

  List<Statement<?>> executed() {
    synchronized (executed) {
      return List.copyOf(executed);
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  long inFlightBytes() {
    return inFlightBytes.get();
  }

  long maxInFlightBytes() {
    return maxInFlightBytes.get();
  }

  /** A write of {@code element} with a stub statement, known to this executor by name and size. */
  PendingWrite<String> write(String element, int sizeBytes, boolean idempotent) {
    BoundStatement statement = mock(BoundStatement.class, element);
    sizes.put(statement, sizeBytes);
    names.put(statement, element);
    return new PendingWrite<>(element, statement, sizeBytes, idempotent, new GroupKey("g"), null, Instant.EPOCH,
        GlobalWindow.INSTANCE, PaneInfo.NO_FIRING);
  }

  PendingWrite<String> write(String element) {
    return write(element, 100, true);
  }

  WriteUnit<String> single(PendingWrite<String> write) {
    return WriteUnit.single(write);
  }

  /** An UNLOGGED batch of {@code writes}; its statement is known to this executor too. */
  @SafeVarargs
  final WriteUnit<String> batch(PendingWrite<String>... writes) {
    WriteUnit<String> unit = WriteUnit.batch(List.of(writes));
    sizes.put(unit.statement(), unit.sizeBytes());
    names.put(unit.statement(), String.join("+", unit.writes().stream().map(PendingWrite::element).toList()));
    return unit;
  }
}
