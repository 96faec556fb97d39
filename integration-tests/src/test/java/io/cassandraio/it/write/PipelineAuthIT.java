package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.auth.ProgrammaticPlainTextAuthProvider;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.BadInputsDoc;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraTls;
import io.cassandraio.Grouping;
import io.cassandraio.it.support.SecuredCassandra;
import io.cassandraio.it.support.SessionLeases;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Pipelines against a node that authenticates users by password and authorizes every statement
 * ({@code PasswordAuthenticator}, {@code CassandraAuthorizer}), reached over TLS that trusts the
 * test CA without a client certificate (the usual production set-up, and the TLS case {@link
 * PipelineTlsIT}'s node does not cover). On the DirectRunner:
 *
 * <ul>
 *   <li>users allowed to write, however MODIFY reached them (on the table through a role granted
 *       to a role granted to the user, on the keyspace, on ALL KEYSPACES, as superuser), write;
 *   <li>a wrong password fails at setup naming the user, never the password;
 *   <li>a user without MODIFY fails before anything is sent, naming table, user and the GRANT, on
 *       the CQL path (at setup) and the mapper path (at the first element, before it is sent);
 *   <li>when the writer does not know the user ({@code withAuthProvider}) and so cannot check, the
 *       server's Unauthorized fails the write, and no statement is sent twice.
 * </ul>
 */
public class PipelineAuthIT {
  @ClassRule
  public static final SecuredCassandra NODE = SecuredCassandra.tls("127.0.67.1", "cassandra-auth")
      .withAuthentication();
  private static final String KS = "auth_it";
  private static final String TABLE = KS + ".kv";
  private static final String PASSWORD = "Pa55-auth-it";
  private static final String INSERT = "INSERT INTO " + TABLE + " (k, v) VALUES (?, ?)";

  @BeforeClass
  public static void usersAndRoles() {
    admin("CREATE KEYSPACE " + KS + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
    admin("CREATE TABLE " + TABLE + " (k text PRIMARY KEY, v int)");
    admin("CREATE TABLE " + KS + ".items (k text, c int, a text, b int, d text, PRIMARY KEY (k, c))");
    for (String user : List.of("via_roles", "ks_writer", "all_writer", "reader", "admin2")) {
      admin("CREATE ROLE " + user + " WITH LOGIN = true AND PASSWORD = '" + PASSWORD + "'"
          + (user.equals("admin2") ? " AND SUPERUSER = true" : ""));
    }
    // MODIFY on the table, two roles away from the user: via_roles <- writers <- table_writers.
    admin("CREATE ROLE table_writers");
    admin("GRANT MODIFY ON TABLE " + TABLE + " TO table_writers");
    admin("CREATE ROLE writers");
    admin("GRANT table_writers TO writers");
    admin("GRANT writers TO via_roles");
    admin("GRANT MODIFY ON KEYSPACE " + KS + " TO ks_writer");
    admin("GRANT MODIFY ON ALL KEYSPACES TO all_writer");
    admin("GRANT SELECT ON KEYSPACE " + KS + " TO reader");
  }

  private static void admin(String cql) {
    NODE.admin().execute(cql);
  }

  /** The node over TLS trusting the test CA (a path, read where the session opens), as {@code user}. */
  private static CassandraConnection as(String user, String password) {
    return NODE.plainConnection()
        .withTls(CassandraTls.trustStore(NODE.certs().trustStore().toString(), NODE.certs().password()))
        .withCredentials(user, password);
  }

  private static List<KV<String, Integer>> rows(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> KV.of(prefix + i, i)).collect(Collectors.toList());
  }

  private static CassandraIO.Write<KV<String, Integer>> write(CassandraConnection connection) {
    return CassandraIO.<KV<String, Integer>>write().withConnection(connection)
        .withStatement(INSERT, (e, b) -> b.setString(0, e.getKey()).setInt(1, e.getValue()).build());
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  private static void addWrite(Pipeline p, String prefix, int n, CassandraIO.Write<KV<String, Integer>> write) {
    p.apply("Rows " + prefix, Create.of(rows(prefix, n)).withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())))
        .apply("Write " + prefix, write);
  }

  /** The entries of docs/bad-inputs.md that this class checks, in the tests below. */
  private static final Set<String> DOCUMENTED = Set.of("setup-credentials-refused", "setup-credentials-missing",
      "setup-no-modify-permission");

  /**
   * Runs {@code p}, which must fail with the message documented as {@code docId} (null: none);
   * returns the messages of the cause chain, checked for passwords.
   */
  private String runFails(String what, Pipeline p, String docId) {
    Throwable e = assertThrows(Throwable.class, () -> p.run().waitUntilFinish());
    if (docId != null) {
      BadInputsDoc.entryToCheck(docId, DOCUMENTED.contains(docId), getClass())
          .assertMatchesOneOf(BadInputsDoc.messagesOf(e));
    }
    String messages = WriteItSupport.messages(e);
    System.out.println("PipelineAuthIT (" + what + ") saw:\n" + messages);
    assertFalse("a password leaked into:\n" + messages, messages.contains(PASSWORD));
    assertFalse("a password leaked into:\n" + messages, messages.contains("wr0ng-Pa55"));
    assertFalse("a password leaked into:\n" + messages, messages.contains(NODE.certs().password()));
    return messages;
  }

  private static long written(String table, String prefix) {
    return NODE.admin().execute("SELECT k FROM " + table).all().stream()
        .filter(r -> r.getString("k").startsWith(prefix)).count();
  }

  private static void assertMentions(String messages, String... parts) {
    for (String part : parts) {
      assertTrue("expected '" + part + "' in:\n" + messages, messages.contains(part));
    }
  }

  @Test
  public void everyDocumentedBadInputOfThisClassHasItsTest() {
    for (Object[] id : BadInputsDoc.ids(PipelineAuthIT.class, DOCUMENTED)) {
      BadInputsDoc.entryToCheck((String) id[0], DOCUMENTED.contains((String) id[0]), PipelineAuthIT.class);
    }
  }

  @Test
  public void usersWithModifyHoweverGrantedWriteOverTls() {
    // One pipeline, one write per user: four DoFns, four sessions, one job to pay for.
    Pipeline p = pipeline();
    addWrite(p, "roles-", 50, write(as("via_roles", PASSWORD)));
    addWrite(p, "ks-", 50, write(as("ks_writer", PASSWORD)));
    addWrite(p, "all-", 50, write(as("all_writer", PASSWORD)));
    addWrite(p, "super-", 50, write(as("admin2", PASSWORD)));
    p.run().waitUntilFinish();
    for (String prefix : List.of("roles-", "ks-", "all-", "super-")) {
      assertEquals(prefix, 50, written(TABLE, prefix));
    }
    SessionLeases.awaitReleased("after the authenticated job");
  }

  @Test
  public void aWrongPasswordFailsAtSetupNamingTheUserNeverThePassword() {
    Pipeline p = pipeline();
    addWrite(p, "wrongpw-", 10, write(as("via_roles", "wr0ng-Pa55")));
    String m = runFails("wrong password", p, "setup-credentials-refused");
    assertMentions(m, NODE.contactPoint() + " refused the credentials of user 'via_roles'",
        "Check the user name and password given to withCredentials");
    assertEquals(0, written(TABLE, "wrongpw-"));
  }

  @Test
  public void noCredentialsAtAllAreToldTheNodeRequiresThem() {
    Pipeline p = pipeline();
    addWrite(p, "nocreds-", 10, write(NODE.plainConnection()
        .withTls(CassandraTls.trustStore(NODE.certs().trustStore().toString(), NODE.certs().password()))));
    String m = runFails("no credentials", p, "setup-credentials-missing");
    assertMentions(m, NODE.contactPoint() + " requires authentication", "withCredentials(user, password)");
  }

  @Test
  public void aUserWithoutModifyFailsAtSetupNamingTableUserAndGrant() {
    Pipeline p = pipeline();
    addWrite(p, "reader-", 10, write(as("reader", PASSWORD))
        .withSentRequestListener(WriteItSupport.recordingListener("auth-reader")));
    String m = runFails("no MODIFY, CQL path", p, "setup-no-modify-permission");
    assertMentions(m, "user 'reader' may not write to auth_it.kv",
        "no MODIFY permission on the table, its keyspace or ALL KEYSPACES",
        "GRANT MODIFY ON TABLE auth_it.kv TO reader");
    assertEquals("nothing may be sent", List.of(), WriteItSupport.sent("auth-reader"));
    assertEquals(0, written(TABLE, "reader-"));
  }

  @Test
  public void aUserWithoutModifyFailsBeforeTheFirstStatementOfAMapperDao() {
    Pipeline p = pipeline();
    p.apply(Create.of(List.of(new NullItem("dao-1", 1, "a", 1, "d"), new NullItem("dao-2", 2, "a", 2, "d")))
            .withCoder(SerializableCoder.of(NullItem.class)))
        .apply(CassandraIO.<NullItem>write().withConnection(as("reader", PASSWORD).withKeyspace(KS))
            .withEntity(NullItem.class, s -> new NullItemMapperBuilder(s).build().nullItemDao("items"),
                NullItemDao::save)
            .withSentRequestListener(WriteItSupport.recordingListener("auth-reader-dao")));
    String m = runFails("no MODIFY, mapper path", p, "setup-no-modify-permission");
    assertMentions(m, "user 'reader' may not write to auth_it.items", "GRANT MODIFY ON TABLE auth_it.items TO reader");
    assertEquals("nothing may be sent", List.of(), WriteItSupport.sent("auth-reader-dao"));
    assertEquals(0, written(KS + ".items", "dao-"));
  }

  @Test
  public void anUnknownUserIsNotCheckedAndTheServersUnauthorizedFailsTheWriteUnretried() {
    // withAuthProvider: the writer does not know who logs in, so it cannot ask; the server refuses.
    CassandraConnection anonymous = NODE.plainConnection()
        .withTls(CassandraTls.trustStore(NODE.certs().trustStore().toString(), NODE.certs().password()))
        .withAuthProvider(v -> new ProgrammaticPlainTextAuthProvider("reader", PASSWORD));
    Pipeline p = pipeline();
    addWrite(p, "unchecked-", 20, write(anonymous).withGrouping(Grouping.NONE)
        .withSentRequestListener(WriteItSupport.recordingListener("auth-unchecked")));
    String m = runFails("Unauthorized from the server", p, null);
    assertMentions(m, "UnauthorizedException", "User reader has no MODIFY permission on <table auth_it.kv>",
        "A missing permission is not retried", "GRANT MODIFY ON TABLE");
    List<List<BoundStatement>> sent = WriteItSupport.sent("auth-unchecked");
    Set<String> keys = new HashSet<>();
    for (List<BoundStatement> request : sent) {
      for (BoundStatement s : request) {
        assertTrue("sent twice (retried): " + s.getString(0), keys.add(s.getString(0)));
      }
    }
    assertFalse("the write must have been tried", sent.isEmpty());
    assertEquals(0, written(TABLE, "unchecked-"));
  }
}
