package io.cassandraio.internal.session;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a lease's release when its owner is garbage-collected without closing it. Its thread runs
 * only while some lease is open: a {@code java.lang.ref.Cleaner} keeps a thread for as long as its
 * class is loaded, and on a Flink session cluster every job loads this class anew (child-first),
 * so each job that ever wrote would leave one thread, and its class loader, behind.
 */
final class AbandonedLeases {
  private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
  private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
  private static final long POLL_MILLIS = 500;
  private static Thread reaper; // guarded by the class lock

  private AbandonedLeases() {}

  /** Watches {@code owner}; the returned watch runs {@code release} once, on close or after the owner's collection. */
  static Watch watch(Object owner, Runnable release) {
    Watch watch = new Watch(owner, release);
    synchronized (AbandonedLeases.class) {
      WATCHED.add(watch);
      if (reaper == null) {
        reaper = new Thread(AbandonedLeases::reap, "cassandraio-abandoned-leases");
        reaper.setDaemon(true);
        reaper.setContextClassLoader(null);
        reaper.start();
      }
    }
    return watch;
  }

  /** Whether the watching thread is alive (it ends once no lease is open). */
  static synchronized boolean isWatching() {
    return reaper != null && reaper.isAlive();
  }

  private static void reap() {
    while (true) {
      synchronized (AbandonedLeases.class) {
        if (WATCHED.isEmpty()) {
          reaper = null;
          return;
        }
      }
      try {
        Reference<?> collected = COLLECTED.remove(POLL_MILLIS);
        if (collected instanceof Watch watch) {
          watch.release();
        }
      } catch (InterruptedException e) {
        synchronized (AbandonedLeases.class) {
          reaper = null;
        }
        return;
      }
    }
  }

  /** One owner under watch. */
  static final class Watch extends PhantomReference<Object> {
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    private Watch(Object owner, Runnable release) {
      super(owner, COLLECTED);
      this.release = release;
    }

    /** Releases now (the owner closed its lease); a later collection of the owner does nothing. */
    void release() {
      clear();
      WATCHED.remove(this);
      if (released.compareAndSet(false, true)) {
        release.run();
      }
    }
  }
}
