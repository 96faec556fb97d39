package io.cassandraio.internal.session;

import com.datastax.oss.driver.api.core.CqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's hold on a shared session. Not serializable: obtained in {@code @Setup}, closed in
 * {@code @Teardown}. Beam calls {@code @Teardown} on a best-effort basis only (the DirectRunner,
 * for one, can drop a DoFn instance without it), so a lease whose owner is garbage-collected
 * while still open is released then, with a warning, instead of keeping its session open for the
 * life of the JVM (a Flink TaskManager runs many jobs).
 */
public final class SessionLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLease.class);

  private final SharedSessions.Entry entry;
  private final Release release;
  private final AbandonedLeases.Watch watch;

  SessionLease(SharedSessions.Entry entry, Object owner) {
    this.entry = entry;
    this.release = new Release(entry, owner.getClass().getName());
    this.watch = AbandonedLeases.watch(owner, release);
  }

  public CqlSession session() {
    return entry.session;
  }

  /**
   * A value built once per session and shared by every lease on it, for example a mapper DAO
   * or a prepared statement's derived facts.
   */
  @SuppressWarnings("unchecked")
  public <V> V perSession(String key, java.util.function.Function<CqlSession, V> build) {
    return (V) entry.perSession.computeIfAbsent(key, k -> build.apply(entry.session));
  }

  /** The session failed as a whole (for example closed under us): evict it for later users. */
  public void markBroken() {
    SharedSessions.markBroken(entry);
  }

  @Override
  public void close() {
    release.closedByOwner = true;
    watch.release();
  }

  /** Runs once: from {@link #close()}, or when the owner was collected without closing. */
  private static final class Release implements Runnable {
    private final SharedSessions.Entry entry;
    private final String ownerClass;
    private volatile boolean closedByOwner;

    Release(SharedSessions.Entry entry, String ownerClass) {
      this.entry = entry;
      this.ownerClass = ownerClass;
    }

    @Override
    public void run() { // AbandonedLeases.Watch runs it at most once
      if (!closedByOwner) {
        SharedSessions.releasedWithoutTeardown();
        LOG.warn("CassandraIO: a {} was garbage-collected without its @Teardown being called (Beam calls it on a "
            + "best-effort basis); released its hold on the shared session now", ownerClass);
      }
      SharedSessions.release(entry);
    }
  }
}
