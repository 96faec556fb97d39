package io.cassandraio;

import io.cassandraio.execution.AsyncWriter;
import io.cassandraio.grouping.BundleGrouper;
import io.cassandraio.result.WriteMetrics;
import io.cassandraio.routing.StatementRouter;
import io.cassandraio.session.SessionLease;
import io.cassandraio.session.SharedSessions;
import io.cassandraio.statement.StatementFactory;
import io.cassandraio.statement.StatementFinisher;
import io.cassandraio.statement.StatementMaker;

/**
 * Everything a writer DoFn opens in {@code @Setup}, in the order of a write: the session, the
 * statement maker and finisher, the router, the grouper and the metrics.
 */
final class WriteSession<T> implements AutoCloseable {
  final SessionLease lease;
  final StatementMaker<T> maker;
  final StatementFinisher<T> finisher;
  final StatementRouter router;
  final BundleGrouper grouper;
  final WriteMetrics metrics = new WriteMetrics();
  private final CassandraIO.Write<T> spec;

  private WriteSession(CassandraIO.Write<T> spec, SessionLease lease, StatementMaker<T> maker) {
    this.spec = spec;
    this.lease = lease;
    this.maker = maker;
    this.finisher = new StatementFinisher<>(spec.statementOptions(), spec.connection().executionProfile());
    this.router = new StatementRouter(lease.session(), spec.grouping());
    this.grouper = new BundleGrouper(spec.batchLimits(), spec.grouping() == Grouping.AUTO);
  }

  /** {@code owner}: the DoFn that closes it in {@code @Teardown} (see {@link SessionLease}). */
  static <T> WriteSession<T> open(CassandraIO.Write<T> spec, StatementFactory<T> statements, Object owner) {
    SessionLease lease = SharedSessions.acquire(spec.connection(), owner);
    try {
      return new WriteSession<>(spec, lease, statements.open(lease));
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /** A writer under this write's in-flight limits and retry policy; {@code E} identifies the element. */
  <E> AsyncWriter<E> newWriter() {
    return new AsyncWriter<>(lease.session(), spec.executionLimits(), spec.retryPolicy(),
        spec.failureMode() == FailureMode.REPORT, metrics, spec.sentRequestListener());
  }

  @Override
  public void close() {
    lease.close();
  }
}
