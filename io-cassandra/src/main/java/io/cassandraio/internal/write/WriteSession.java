package io.cassandraio.internal.write;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.cassandraio.CassandraWriteException;
import io.cassandraio.Grouping;
import io.cassandraio.internal.execution.AsyncWriter;
import io.cassandraio.internal.execution.RetrySchedule;
import io.cassandraio.internal.execution.OnFailure;
import io.cassandraio.internal.grouping.BundleGrouper;
import io.cassandraio.internal.grouping.PendingWrite;
import io.cassandraio.internal.grouping.StatementSize;
import io.cassandraio.internal.result.WriteMetrics;
import io.cassandraio.internal.routing.StatementRouter;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.internal.statement.InvalidWriteConfigurationException;
import io.cassandraio.internal.statement.StatementFinisher;
import io.cassandraio.internal.statement.StatementMaker;
import java.nio.ByteBuffer;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a writer DoFn opens in {@code @Setup}, in the order of a write: the session, the
 * statement maker and finisher, the router, the grouper and the metrics. The one place that turns
 * an element into a statement and a {@link PendingWrite}, and that fails a bundle.
 */
final class WriteSession<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteSession.class);
  final SessionLease lease;
  final StatementFinisher<T> finisher;
  final StatementRouter router;
  final BundleGrouper grouper;
  final WriteMetrics metrics = new WriteMetrics();
  private final WriteSpec<T> spec;
  private final StatementMaker<T> maker;
  /** Whether the user's MODIFY permission was checked; a DAO's statement is known only once one is made. */
  private boolean permissionChecked;

  private WriteSession(WriteSpec<T> spec, SessionLease lease, StatementMaker<T> maker) {
    this.spec = spec;
    this.lease = lease;
    this.maker = maker;
    this.finisher = new StatementFinisher<>(spec.statementOptions(), spec.connection().executionProfile());
    this.router = new StatementRouter(lease.session(), spec.grouping());
    this.grouper = new BundleGrouper(spec.batchLimits(), spec.grouping() == Grouping.AUTO);
  }

  /** {@code owner}: the DoFn that closes it in {@code @Teardown} (see {@link SessionLease}). */
  static <T> WriteSession<T> open(WriteSpec<T> spec, Object owner) {
    SessionLease lease = SharedSessions.acquire(spec.connection(), owner);
    try {
      requireProfile(spec.connection().executionProfile(), lease);
      WriteSession<T> session = new WriteSession<>(spec, lease, spec.statements().open(lease));
      if (session.maker.prepared() != null) {
        session.checkPermission(session.maker.prepared());
      }
      return session;
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /** An unknown profile would fail every request (and in REPORT mode report every element): fail here instead. */
  private static void requireProfile(@Nullable String profile, SessionLease lease) {
    if (profile == null) {
      return;
    }
    var profiles = lease.session().getContext().getConfig().getProfiles();
    if (!profiles.containsKey(profile)) {
      throw new IllegalArgumentException("withExecutionProfile(\"" + profile + "\"): the driver configuration has no "
          + "such profile (it has " + String.join(", ", new TreeSet<>(profiles.keySet())) + "); define it under "
          + "datastax-java-driver.profiles in the file of withConfigFile");
    }
  }

  /**
   * The element's statement with every option applied. A configuration error (the same for every
   * element) is thrown as it is; a problem with this element becomes an {@link
   * ElementStatementException} naming the write and the element.
   */
  BoundStatement statementFor(T element) {
    BoundStatement statement = forElement(element, e -> finisher.finish(e, maker.make(e)));
    if (!permissionChecked) {
      checkPermission(statement.getPreparedStatement()); // before the first statement is sent
    }
    return statement;
  }

  /** Throws {@link InvalidWriteConfigurationException} if the user may not write the statement's tables. */
  private void checkPermission(PreparedStatement prepared) {
    ModifyPermission.require(lease, spec.connection().username(), prepared);
    permissionChecked = true;
  }

  /** Where the element's statement goes: what sharding needs, without applying the options. */
  @Nullable ByteBuffer routingKeyOf(T element) {
    return forElement(element, e -> maker.make(e).getRoutingKey());
  }

  private <R> R forElement(T element, Function<T, R> step) {
    try {
      return step.apply(element);
    } catch (InvalidWriteConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ElementStatementException(spec.describe() + ": cannot make a statement for element " + element
          + ": " + e.getMessage(), e);
    }
  }

  /** {@code statement} routed and sized, on its way to the grouper; {@code id} names it in failures. */
  <E> PendingWrite<E> pendingWrite(E id, BoundStatement statement, Instant timestamp, BoundedWindow window,
      PaneInfo pane) {
    ByteBuffer partition = statement.getRoutingKey();
    boolean idempotent = finisher.isIdempotent(statement);
    return new PendingWrite<>(id, statement, StatementSize.estimate(statement), idempotent,
        router.keyOf(statement, partition, idempotent), partition, timestamp, window, pane);
  }

  /** A writer under this write's in-flight limits and retry schedule; {@code E} identifies the element. */
  <E> AsyncWriter<E> newWriter(OnFailure onFailure) {
    return new AsyncWriter<>(lease.session()::executeAsync, spec.executionLimits(), spec.retrySchedule(),
        onFailure, metrics, spec.sentRequestListener());
  }

  /**
   * The exception that fails the bundle. A session closed under the writer is evicted, so that
   * the retried bundle gets a fresh one.
   */
  CassandraWriteException bundleFailed(String message, Throwable cause) {
    if (lease.session().isClosed()) {
      lease.markBroken();
    }
    if (RetrySchedule.unwrap(cause) instanceof UnauthorizedException) {
      message += ". A missing permission is not retried: an administrator can grant it (for a write: GRANT MODIFY "
          + "ON TABLE keyspace.table TO user)";
    }
    return new CassandraWriteException(message, cause);
  }

  /**
   * One WARN line for a writer that retried: a struggling cluster must show in the log, once per
   * bundle rather than once per request.
   */
  void logRetries(AsyncWriter<?> writer) {
    AsyncWriter.Tally tally = writer.tally();
    if (tally.retried() > 0) {
      LOG.warn("{}: {} statement attempts were retried in this bundle ({} written, {} failed for good); first "
          + "cause: {}", spec.describe(), tally.retried(), tally.written(), tally.failed(),
          String.valueOf(writer.firstRetryCause())); // as a string: a Throwable last is taken for a stack trace
    }
  }

  @Override
  public void close() {
    lease.close();
  }

  /** One element could not be turned into a statement (its binder or converter threw). */
  static final class ElementStatementException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ElementStatementException(String message, RuntimeException cause) {
      super(message, cause);
    }
  }
}
