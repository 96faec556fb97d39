package io.cassandraio.session;

import com.datastax.oss.driver.api.core.CqlSession;

/** One user's hold on a shared session. Not serializable: obtained in {@code @Setup}. */
public final class SessionLease implements AutoCloseable {
  private final SharedSessions.Entry entry;
  private boolean closed;

  SessionLease(SharedSessions.Entry entry) {
    this.entry = entry;
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
  public synchronized void close() {
    if (!closed) {
      closed = true;
      SharedSessions.release(entry);
    }
  }
}
