package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import io.cassandraio.CassandraIO;
import io.cassandraio.StatementBinder;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.TestKeyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * Sessions: no lease and no session is left open once a pipeline has ended, whether it
 * succeeded, failed while writing, or failed in {@code @Setup}; and two writes on one connection
 * in one pipeline share a single session while both run (seen from inside their binders, at a
 * point where both writers are known to be set up).
 */
public class SessionLifecycleIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_session_lifecycle")
      .withTable("kv", "k text PRIMARY KEY, v text");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Before
  public void nothingOpenBefore() {
    KEYSPACE.session().execute("TRUNCATE " + KEYSPACE.table("kv"));
    SessionLeases.awaitAllClosed("before the test (left over by an earlier test in this JVM?)");
  }

  private static List<String> keys(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  private static CassandraIO.Write<String> write(StatementBinder<String> binder) {
    return CassandraIO.<String>write()
        .withConnection(KEYSPACE.connection())
        .withStatement("INSERT INTO kv (k, v) VALUES (?, ?) USING TTL ?", binder);
  }

  static BoundStatement plain(String k, BoundStatementBuilder b) {
    return b.setString(0, k).setString(1, "v-" + k).build();
  }

  @Test
  public void nothingLeftOpenAfterASuccessfulPipeline() {
    pipeline.apply(Create.of(keys("ok", 50)).withCoder(StringUtf8Coder.of()))
        .apply(write(SessionLifecycleIT::plain));
    pipeline.run().waitUntilFinish();
    SessionLeases.awaitAllClosed("after a successful pipeline");
    assertRows(keys("ok", 50));
  }

  @Test
  public void nothingLeftOpenAfterAWriteFails() {
    pipeline.apply(Create.of(keys("bad", 20)).withCoder(StringUtf8Coder.of()))
        .apply(write(SessionLifecycleIT::plain).withTtl(k -> k.equals("bad7") ? -1 : null));
    Throwable e = assertThrows(Throwable.class, () -> pipeline.run().waitUntilFinish());
    assertTrue(WriteItSupport.messages(e), WriteItSupport.messages(e).contains("CassandraWriteException"));
    SessionLeases.awaitAllClosed("after a pipeline whose write failed");
  }

  @Test
  public void nothingLeftOpenAfterSetupFails() {
    Schema schema = Schema.builder().addStringField("k").addStringField("v").build();
    pipeline.apply(Create.of(Row.withSchema(schema).addValues("k", "v").build()).withRowSchema(schema))
        .apply(CassandraIO.<Row>write().withConnection(KEYSPACE.connection()).withRows("no_such_table"));
    Throwable e = assertThrows(Throwable.class, () -> pipeline.run().waitUntilFinish());
    assertTrue(WriteItSupport.messages(e), WriteItSupport.messages(e).contains("no_such_table"));
    SessionLeases.awaitAllClosed("after a pipeline that failed in @Setup");
  }

  // ---- two writes, one session ---------------------------------------------------------------

  private static final Map<String, CountDownLatch> ARRIVED = Map.of("A", new CountDownLatch(1), "B", new CountDownLatch(1));
  private static final Map<String, AtomicBoolean> FIRST = Map.of("A", new AtomicBoolean(), "B", new AtomicBoolean());
  private static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();
  private static volatile int sessionsWhenBothRun = -1;
  private static volatile int leasesWhenBothRun = -1;

  static BoundStatement bindA(String k, BoundStatementBuilder b) {
    rendezvous("A", "B");
    return plain(k, b);
  }

  static BoundStatement bindB(String k, BoundStatementBuilder b) {
    rendezvous("B", "A");
    return plain(k, b);
  }

  /**
   * The first element of each write waits here (at most 60 s) until the other write's first
   * element has arrived too: at that moment both writers are set up and hold a lease.
   */
  private static void rendezvous(String me, String other) {
    SEEN.add(me + ": " + SharedSessions.openSessions() + " session(s)");
    if (FIRST.get(me).compareAndSet(false, true)) {
      ARRIVED.get(me).countDown();
      try {
        if (ARRIVED.get(other).await(60, TimeUnit.SECONDS)) {
          sessionsWhenBothRun = SharedSessions.openSessions();
          leasesWhenBothRun = SharedSessions.openLeases();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  public void twoWritesOnOneConnectionShareOneSession() {
    pipeline.apply("A keys", Create.of(keys("a", 30)).withCoder(StringUtf8Coder.of()))
        .apply("Write A", write(SessionLifecycleIT::bindA));
    pipeline.apply("B keys", Create.of(keys("b", 30)).withCoder(StringUtf8Coder.of()))
        .apply("Write B", write(SessionLifecycleIT::bindB));
    pipeline.run().waitUntilFinish();

    assertEquals("both writes must have been running at once (rendezvous)", 0,
        ARRIVED.get("A").getCount() + ARRIVED.get("B").getCount());
    System.out.printf("SessionLifecycleIT: at the rendezvous %d session(s), %d lease(s)%n", sessionsWhenBothRun, leasesWhenBothRun);
    assertTrue("both writers hold a lease at the rendezvous, got " + leasesWhenBothRun, leasesWhenBothRun >= 2);
    assertEquals("sessions while both writes run", 1, sessionsWhenBothRun);
    for (String s : SEEN) {
      assertTrue("every binder call must see exactly one session: " + SEEN, s.endsWith(": 1 session(s)"));
    }
    List<String> all = new ArrayList<>(keys("a", 30));
    all.addAll(keys("b", 30));
    assertRows(all);
    SessionLeases.awaitAllClosed("after the two-write pipeline");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void assertRows(List<String> keys) {
    Map<String, String> expected = new TreeMap<>();
    keys.forEach(k -> expected.put(k, "v-" + k));
    Map<String, String> stored = new TreeMap<>();
    KEYSPACE.session().execute("SELECT k, v FROM " + KEYSPACE.table("kv")).forEach(r -> stored.put(r.getString("k"), r.getString("v")));
    assertEquals(expected, stored);
  }
}
