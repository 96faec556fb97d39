package io.cassandraio.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.CassandraConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Reference counting and eviction of the per-JVM session cache; sessions are stubs. */
public class SharedSessionsTest {
  private final List<CqlSession> opened = new ArrayList<>();
  private final CassandraConnection connection =
      CassandraConnection.create().withContactPoints("127.0.0.1").withLocalDatacenter("dc");

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
  public void leasesOnOneConnectionShareOneSessionUntilTheLastCloses() {
    SessionLease a = SharedSessions.acquire(connection);
    SessionLease b = SharedSessions.acquire(connection);
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
    try (SessionLease a = SharedSessions.acquire(connection);
        SessionLease b = SharedSessions.acquire(connection.withKeyspace("other"))) {
      assertNotSame(a.session(), b.session());
    }
  }

  @Test
  public void aClosedSessionIsRebuiltForTheNextUser() {
    SessionLease stale = SharedSessions.acquire(connection);
    when(stale.session().isClosed()).thenReturn(true);
    try (SessionLease fresh = SharedSessions.acquire(connection)) {
      assertNotSame(stale.session(), fresh.session());
      assertEquals(2, opened.size());
    }
    stale.close();
    assertEquals(0, SharedSessions.openLeases());
  }

  @Test
  public void aBrokenSessionIsEvictedAndClosedWhenItsLastOldLeaseGoes() {
    SessionLease old = SharedSessions.acquire(connection);
    old.markBroken();
    SessionLease fresh = SharedSessions.acquire(connection);
    assertNotSame(old.session(), fresh.session());
    verify(opened.get(0), never()).closeAsync();
    old.close();
    verify(opened.get(0)).closeAsync();
    fresh.close();
    verify(opened.get(1)).closeAsync();
  }

  @Test
  public void perSessionValuesAreBuiltOnce() {
    try (SessionLease a = SharedSessions.acquire(connection);
        SessionLease b = SharedSessions.acquire(connection)) {
      Object first = a.perSession("dao", s -> new Object());
      assertSame(first, b.perSession("dao", s -> new Object()));
    }
  }
}
