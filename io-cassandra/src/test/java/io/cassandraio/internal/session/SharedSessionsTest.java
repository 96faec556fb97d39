package io.cassandraio.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.ArrayList;
import java.util.List;
import io.cassandraio.internal.Background;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Reference counting and eviction of the per-JVM session cache; sessions are stubs. */
public class SharedSessionsTest {
  private final List<CqlSession> opened = new ArrayList<>();
  private final ConnectionSpec connection =
      ConnectionSpec.empty().toBuilder().setContactPoints(List.of("127.0.0.1:9042")).setLocalDatacenter("dc").build();

  @Before
  public void stubOpener() {
    SharedSessions.setOpenerForTest(c -> {
      CqlSession s = mock(CqlSession.class);
      opened.add(s);
      return s;
    });
  }

  @After
  public void restoreOpener() {
    SharedSessions.setOpenerForTest(SessionFactory::open);
  }

  @Test
  public void aFailedOpenFailsTheCallersWaitingForItAndIsTriedAgainByLaterOnes() throws Exception {
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch opening = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch fail = new java.util.concurrent.CountDownLatch(1);
    SharedSessions.setOpenerForTest(c -> {
      attempts.incrementAndGet();
      opening.countDown();
      try {
        fail.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Could not reach any contact point");
    });
    Background<SessionLease> first = Background.call("first", () -> SharedSessions.acquire(connection, this));
    opening.await();
    Background<SessionLease> waiting = Background.call("waiting", () -> SharedSessions.acquire(connection, this));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Background.SAFETY_NET_SECONDS);
    while (waiting.thread().getState() != Thread.State.BLOCKED) { // waits for the lock the first one holds
      assertTrue("the second caller never waited for the lock", System.nanoTime() < deadline);
      Thread.sleep(5);
    }
    fail.countDown();
    Throwable firstError = assertThrows(java.util.concurrent.ExecutionException.class, first::get).getCause();
    Throwable waitingError = assertThrows(java.util.concurrent.ExecutionException.class, waiting::get).getCause();
    assertEquals("the waiting caller did not try the cluster again", 1, attempts.get());
    assertTrue(waitingError.getMessage(), waitingError.getMessage().startsWith(firstError.getMessage()
        + " (opening the same session failed while this caller waited for it)"));
    assertSame(firstError, waitingError.getCause());

    assertThrows(IllegalStateException.class, () -> SharedSessions.acquire(connection, this));
    assertEquals("a later caller tries again: the cluster may be back", 2, attempts.get());
    assertEquals(0, SharedSessions.openLeases());
  }

  @Test
  public void leasesOnOneConnectionShareOneSessionUntilTheLastCloses() {
    SessionLease a = SharedSessions.acquire(connection, this);
    SessionLease b = SharedSessions.acquire(connection, this);
    assertSame(a.session(), b.session());
    assertEquals(1, opened.size());
    assertEquals(2, SharedSessions.openLeases());
    a.close();
    a.close(); // closing twice counts once
    verify(opened.get(0), never()).closeAsync();
    b.close();
    verify(opened.get(0)).closeAsync();
    assertEquals(0, SharedSessions.openLeases());
  }

  @Test
  public void differentConnectionsGetDifferentSessions() {
    try (SessionLease a = SharedSessions.acquire(connection, this);
        SessionLease b = SharedSessions.acquire(connection.toBuilder().setKeyspace("other").build(), this)) {
      assertNotSame(a.session(), b.session());
    }
  }

  @Test
  public void aClosedSessionIsRebuiltForTheNextUser() {
    SessionLease stale = SharedSessions.acquire(connection, this);
    when(stale.session().isClosed()).thenReturn(true);
    try (SessionLease fresh = SharedSessions.acquire(connection, this)) {
      assertNotSame(stale.session(), fresh.session());
      assertEquals(2, opened.size());
    }
    stale.close();
    assertEquals(0, SharedSessions.openLeases());
  }

  @Test
  public void aBrokenSessionIsEvictedAndClosedWhenItsLastOldLeaseGoes() {
    SessionLease old = SharedSessions.acquire(connection, this);
    old.markBroken();
    SessionLease fresh = SharedSessions.acquire(connection, this);
    assertNotSame(old.session(), fresh.session());
    verify(opened.get(0), never()).closeAsync();
    old.close();
    verify(opened.get(0)).closeAsync();
    fresh.close();
    verify(opened.get(1)).closeAsync();
  }

  @Test
  public void perSessionValuesAreBuiltOnce() {
    try (SessionLease a = SharedSessions.acquire(connection, this);
        SessionLease b = SharedSessions.acquire(connection, this)) {
      Object first = a.perSession("dao", s -> new Object());
      assertSame(first, b.perSession("dao", s -> new Object()));
    }
  }

  @Test
  public void aLeaseWhoseOwnerIsCollectedWithoutTeardownIsReleased() throws InterruptedException {
    Object owner = new Object();
    SharedSessions.acquire(connection, owner); // never closed, as when a runner skips @Teardown
    assertEquals(1, SharedSessions.openLeases());
    owner = null;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (SharedSessions.openLeases() > 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    assertEquals("lease released once its owner was garbage-collected", 0, SharedSessions.openLeases());
    verify(opened.get(0)).closeAsync();
  }

  @Test
  public void aClosedLeaseIsNotReleasedAgainWhenItsOwnerIsCollected() throws InterruptedException {
    Object owner = new Object();
    java.lang.ref.WeakReference<Object> collected = new java.lang.ref.WeakReference<>(owner);
    SharedSessions.acquire(connection, owner).close();
    try (SessionLease other = SharedSessions.acquire(connection, this)) {
      owner = null;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (collected.get() != null && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(20);
      }
      assertEquals("the closed lease's owner was collected", null, collected.get());
      Thread.sleep(1000); // the watching thread would have run by now
      assertEquals("the other lease is still counted", 1, SharedSessions.openLeases());
    }
    assertEquals(0, SharedSessions.openLeases());
  }

  @Test
  public void noThreadOutlivesTheLastLease() throws InterruptedException {
    // On a Flink session cluster a thread left running would pin the finished job's class loader.
    try (SessionLease lease = SharedSessions.acquire(connection, this)) {
      assertTrue("an open lease is watched", AbandonedLeases.isWatching());
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (AbandonedLeases.isWatching() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse("the watching thread ends once no lease is open", AbandonedLeases.isWatching());
  }
}
