package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.cassandraio.BadInputsDoc;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraTls;
import io.cassandraio.it.support.SecuredCassandra;
import io.cassandraio.it.support.SessionLeases;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Writes over TLS to a real node whose CQL port speaks only TLS and requires a client certificate
 * (certificates made at test time by keytool), on the DirectRunner: with the CA trusted and a
 * client certificate the rows arrive; every way to get TLS wrong fails at setup with an error
 * that says which TLS problem it is and names the contact point, and writes nothing.
 *
 * <p>TLS without a client certificate, against a node that does not ask for one, is what {@link
 * PipelineAuthIT}'s node runs (with authentication on top): one node per class, two in all.
 */
public class PipelineTlsIT {
  @ClassRule
  public static final SecuredCassandra NODE = SecuredCassandra.tls("127.0.66.1", "cassandra-tls")
      .requiringClientCertificates();
  private static final String TABLE = "tls_it.kv";

  @BeforeClass
  public static void createTable() {
    NODE.admin().execute("CREATE KEYSPACE tls_it WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
    NODE.admin().execute("CREATE TABLE " + TABLE + " (k text PRIMARY KEY, v int)");
  }

  private static List<KV<String, Integer>> rows(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> KV.of(prefix + i, i)).collect(Collectors.toList());
  }

  private static void write(CassandraConnection connection, List<KV<String, Integer>> rows) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(rows).withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())))
        .apply(CassandraIO.<KV<String, Integer>>write()
            .withConnection(connection)
            .withStatement("INSERT INTO " + TABLE + " (k, v) VALUES (?, ?)",
                (e, b) -> b.setString(0, e.getKey()).setInt(1, e.getValue()).build()));
    p.run().waitUntilFinish();
  }

  /** The entries of docs/bad-inputs.md that this class checks, each in one test below. */
  private static final Set<String> DOCUMENTED = Set.of("setup-tls-store-unreadable", "setup-tls-ca-not-trusted",
      "setup-tls-client-certificate-required", "setup-tls-required");

  /**
   * Writes {@code connection} must refuse with the message documented as {@code docId}; returns the
   * messages of the failure's cause chain.
   */
  private String writeFails(String prefix, CassandraConnection connection, String docId) {
    Throwable e = assertThrows(Throwable.class, () -> write(connection, rows(prefix, 10)));
    BadInputsDoc.entryToCheck(docId, DOCUMENTED.contains(docId), getClass())
        .assertMatchesOneOf(BadInputsDoc.messagesOf(e));
    String messages = WriteItSupport.messages(e);
    System.out.println("PipelineTlsIT (" + prefix + ") saw:\n" + messages);
    assertFalse("a store password leaked into:\n" + messages, messages.contains(NODE.certs().password()));
    assertEquals("nothing may be written", 0, written(prefix));
    return messages;
  }

  private static long written(String prefix) {
    return NODE.admin().execute("SELECT k FROM " + TABLE).all().stream()
        .filter(r -> r.getString("k").startsWith(prefix)).count();
  }

  private static void assertMentions(String messages, String... parts) {
    for (String part : parts) {
      assertTrue("expected '" + part + "' in:\n" + messages, messages.contains(part));
    }
  }

  @Test
  public void aPipelineTrustingTheCaWithAClientCertificateWritesItsRows() throws Exception {
    // The stores as bytes: they travel with the pipeline, no file is needed where it runs.
    CassandraTls tls = CassandraTls.trustStore(Files.readAllBytes(NODE.certs().trustStore()), NODE.certs().password())
        .withKeyStore(Files.readAllBytes(NODE.certs().clientKeyStore()), NODE.certs().password());
    write(NODE.plainConnection().withTls(tls), rows("mtls-", 200));
    assertEquals(200, written("mtls-"));
    for (int i = 0; i < 200; i += 37) {
      assertEquals(i, NODE.admin().execute("SELECT v FROM " + TABLE + " WHERE k = ?", "mtls-" + i).one().getInt("v"));
    }
    SessionLeases.awaitReleased("after the TLS job");
  }

  @Test
  public void aClientWithoutACertificateIsToldTheNodeProbablyRequiresOne() {
    String m = writeFails("nocert-", NODE.plainConnection()
        .withTls(CassandraTls.trustStore(NODE.certs().trustStore().toString(), NODE.certs().password())),
        "setup-tls-client-certificate-required");
    assertMentions(m, "the TLS handshake with " + NODE.contactPoint() + " was refused",
        "probably requires a client certificate", "CassandraTls.withKeyStore");
  }

  @Test
  public void aTrustStoreWithoutTheNodesCaFailsNamingTheTrustProblemAndTheContactPoint() {
    String m = writeFails("wrongca-", NODE.plainConnection()
        .withTls(CassandraTls.trustStore(NODE.certs().unrelatedTrustStore().toString(), NODE.certs().password())
            .withKeyStore(NODE.certs().clientKeyStore().toString(), NODE.certs().password())),
        "setup-tls-ca-not-trusted");
    assertMentions(m, "TLS certificate trust failed on " + NODE.contactPoint(),
        "the node's certificate is not signed by a CA in the trust store given to withTls",
        NODE.certs().unrelatedTrustStore().toString());
  }

  @Test
  public void aTrustStoreTheWorkerCannotReadIsNamedWithoutItsPassword() {
    // The right file, the wrong password: read where the session opens, so the error comes from there.
    String m = writeFails("badstore-", NODE.plainConnection()
        .withTls(CassandraTls.trustStore(NODE.certs().trustStore().toString(), "not-the-password")),
        "setup-tls-store-unreadable");
    assertMentions(m, NODE.certs().trustStore().toString(), "keystore password was incorrect");
    assertFalse(m, m.contains("not-the-password"));
  }

  @Test
  public void everyDocumentedBadInputOfThisClassHasItsTest() {
    for (Object[] id : BadInputsDoc.ids(PipelineTlsIT.class, DOCUMENTED)) {
      BadInputsDoc.entryToCheck((String) id[0], DOCUMENTED.contains((String) id[0]), PipelineTlsIT.class);
    }
  }

  @Test
  public void aPlainConnectionToATlsOnlyNodeIsToldTlsIsProbablyRequired() {
    String m = writeFails("plain-", NODE.plainConnection(), "setup-tls-required");
    assertMentions(m, NODE.contactPoint() + " closed the connection during the CQL handshake",
        "the node probably requires TLS", "withTls");
  }
}
