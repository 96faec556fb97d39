package io.cassandraio.internal.session;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One {@link CqlSession} per JVM and connection, shared by every DoFn instance that writes
 * through it and closed when the last one lets go.
 *
 * <p>Beam's own CassandraIO caches sessions without counting users and never rebuilds a broken
 * one, so after a session fails every later bundle on that worker fails too. Here a lease that
 * finds its session closed, or is told it is broken, evicts it; the next {@link #acquire}
 * builds a fresh one.
 */
public final class SharedSessions {
  private static final Map<String, Entry> SESSIONS = new HashMap<>();
  private static final Map<String, OpenFailure> RECENT_FAILURES = new HashMap<>();
  private static Function<ConnectionSpec, CqlSession> opener = SessionFactory::open;
  private static int releasedWithoutTeardown;

  private SharedSessions() {}

  /**
   * A lease on the shared session for {@code connection}, held by {@code owner} (the DoFn that
   * closes it in {@code @Teardown}; if the owner is garbage-collected first, the lease is released).
   */
  public static SessionLease acquire(ConnectionSpec connection, Object owner) {
    return acquire(connection, owner, System.nanoTime());
  }

  /** {@code arrivedNanos}: when the caller asked, before it waited for the lock. */
  private static synchronized SessionLease acquire(ConnectionSpec connection, Object owner, long arrivedNanos) {
    String key = connection.sessionKey();
    Entry entry = SESSIONS.get(key);
    if (entry == null || entry.session.isClosed() || entry.broken) {
      if (entry != null) {
        entry.orphaned = true;
        entry.closeIfUnused();
      }
      entry = new Entry(key, open(key, connection, arrivedNanos));
      SESSIONS.put(key, entry);
    }
    entry.leases++;
    return new SessionLease(entry, owner);
  }

  /**
   * Opens a session, or fails at once if opening the same one failed while this caller waited: a
   * runner sets up many DoFn instances at a time, and each would otherwise try the unreachable
   * cluster again, one after the other, for seconds. A caller that comes later (a retried bundle,
   * a restarted task) tries again: the cluster may be back.
   */
  private static CqlSession open(String key, ConnectionSpec connection, long arrivedNanos) {
    OpenFailure recent = RECENT_FAILURES.get(key);
    if (recent != null && recent.atNanos - arrivedNanos >= 0) {
      throw new IllegalStateException(recent.error.getMessage()
          + " (opening the same session failed while this caller waited for it)", recent.error);
    }
    try {
      CqlSession session = opener.apply(connection);
      RECENT_FAILURES.remove(key);
      return session;
    } catch (RuntimeException e) {
      IllegalStateException error = SessionOpenFailure.explain(connection, e);
      RECENT_FAILURES.put(key, new OpenFailure(error, System.nanoTime()));
      throw error;
    }
  }

  private record OpenFailure(IllegalStateException error, long atNanos) {}

  /** How many leases are open on all sessions of this JVM; 0 once every writer tore down. */
  public static synchronized int openLeases() {
    return SESSIONS.values().stream().mapToInt(e -> e.leases).sum();
  }

  /** How many leases were released because their owner was collected without {@code @Teardown}. */
  public static synchronized int leasesReleasedWithoutTeardown() {
    return releasedWithoutTeardown;
  }

  static synchronized void releasedWithoutTeardown() {
    releasedWithoutTeardown++;
  }

  /** How many sessions this JVM holds open. */
  public static synchronized int openSessions() {
    return (int) SESSIONS.values().stream().filter(e -> !e.session.isClosed()).count();
  }

  static synchronized void release(Entry entry) {
    entry.leases--;
    if (entry.leases == 0 && SESSIONS.get(entry.key) == entry) {
      SESSIONS.remove(entry.key);
      // Not close(): that waits for the driver's Netty quiet period (200 ms, see SessionFactory) inside
      // the runner's teardown, which every job would pay at its end.
      entry.session.closeAsync();
    } else {
      entry.closeIfUnused();
    }
  }

  static synchronized void markBroken(Entry entry) {
    entry.broken = true;
  }

  /** For unit tests: how sessions are opened. */
  static synchronized void setOpenerForTest(Function<ConnectionSpec, CqlSession> newOpener) {
    opener = newOpener;
    RECENT_FAILURES.clear();
  }

  static final class Entry {
    final String key;
    final CqlSession session;
    final Map<String, Object> perSession = new java.util.concurrent.ConcurrentHashMap<>();
    int leases;
    boolean broken;
    boolean orphaned;

    Entry(String key, CqlSession session) {
      this.key = key;
      this.session = session;
    }

    /** An evicted session closes once its last old lease is gone. */
    void closeIfUnused() {
      if (orphaned && leases == 0 && !session.isClosed()) {
        session.closeAsync();
      }
    }
  }
}
