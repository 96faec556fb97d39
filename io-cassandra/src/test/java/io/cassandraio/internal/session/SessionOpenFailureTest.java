package io.cassandraio.internal.session;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.metadata.EndPoint;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.internal.core.metadata.DefaultEndPoint;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.Test;

/**
 * Each session-open failure becomes an error naming the problem, the contact point and the remedy.
 * The driver errors here are built as the driver reported them against real nodes (PipelineTlsIT
 * and PipelineAuthIT print them).
 */
public class SessionOpenFailureTest {
  private static final String PASSWORD = "s3cret-pw";
  private static final EndPoint NODE_ADDRESS = new DefaultEndPoint(new InetSocketAddress("127.0.0.9", 9042));
  private static final ConnectionSpec PLAIN = ConnectionSpec.empty().toBuilder()
      .setContactPoints(List.of("127.0.0.9:9042")).setLocalDatacenter("dc1")
      .setUsername("writer").setPassword(PASSWORD).build();
  private static final ConnectionSpec TLS = PLAIN.toBuilder()
      .setTls(TlsSpec.trusting(TlsSpec.Store.file("trustStore", "/etc/ca.p12", PASSWORD))).build();

  private static AllNodesFailedException onTheNode(Throwable error) {
    Node node = mock(Node.class);
    when(node.getEndPoint()).thenReturn(NODE_ADDRESS);
    return AllNodesFailedException.fromErrors(Map.of(node, error));
  }

  private static ConnectionInitException handshake(String step, Throwable cause) {
    return new ConnectionInitException("[s0|control|id: 0x1] Protocol initialization request, step 1 (OPTIONS): "
        + step + " (" + cause + ")", cause);
  }

  private static <T extends Throwable> T causedBy(T error, Throwable cause) {
    error.initCause(cause);
    return error;
  }

  private static String explain(ConnectionSpec connection, RuntimeException failure) {
    IllegalStateException e = SessionOpenFailure.explain(connection, failure);
    assertSame("the driver's error stays the cause", failure, e.getCause());
    assertFalse("the password leaked: " + e.getMessage(), e.getMessage().contains(PASSWORD));
    assertTrue(e.getMessage(), e.getMessage().startsWith("CassandraIO cannot open a session with CassandraConnection{"));
    return e.getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue("expected '" + part + "' in: " + message, message.contains(part));
    }
  }

  @Test
  public void aPlainConnectionThatTheNodeDropsProbablyNeedsTls() {
    String m = explain(PLAIN, onTheNode(handshake("unexpected failure",
        new ClosedConnectionException("Unexpected error on channel", new SocketException("Connection reset")))));
    assertMentions(m, "127.0.0.9:9042 closed the connection during the CQL handshake (SocketException: Connection reset)",
        "the node probably requires TLS", "CassandraConnection.withTls(");
  }

  @Test
  public void aDroppedConnectionWithTlsConfiguredIsNotBlamedOnMissingTls() {
    String m = explain(TLS, onTheNode(handshake("unexpected failure",
        new ClosedConnectionException("Unexpected error on channel", new SocketException("Connection reset")))));
    assertFalse(m, m.contains("probably requires TLS"));
    assertMentions(m, "Unexpected error on channel", "Check withContactPoints");
  }

  @Test
  public void anUntrustedNodeCertificateIsATrustProblemOfTheContactPoint() {
    String m = explain(TLS, onTheNode(handshake("failed to send request", causedBy(
        new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"),
        new CertPathBuilderException("unable to find valid certification path to requested target")))));
    assertMentions(m, "TLS certificate trust failed on 127.0.0.9:9042",
        "not signed by a CA in the trust store given to withTls",
        "(CertPathBuilderException: unable to find valid certification path to requested target)",
        "trustStore=/etc/ca.p12");
  }

  @Test
  public void aCertificateThatDoesNotNameTheAddressIsAHostNameProblem() {
    String m = explain(TLS, onTheNode(handshake("failed to send request", causedBy(
        new SSLHandshakeException("No subject alternative names matching IP address 127.0.0.9 found"),
        new CertificateException("No subject alternative names matching IP address 127.0.0.9 found")))));
    assertMentions(m, "TLS host name verification failed on 127.0.0.9:9042", "withHostnameVerification(false)");
  }

  @Test
  public void aRefusedHandshakeWithoutAKeyStoreAsksForAClientCertificate() {
    String m = explain(TLS, onTheNode(handshake("unexpected failure",
        new SSLHandshakeException("Received fatal alert: certificate_required"))));
    assertMentions(m, "the TLS handshake with 127.0.0.9:9042 was refused", "probably requires a client certificate",
        "CassandraTls.withKeyStore(path, password)");
    String withKeyStore = explain(TLS.toBuilder().setTls(TLS.tls().withKeyStore(
        TlsSpec.Store.file("keyStore", "/etc/client.p12", PASSWORD))).build(), onTheNode(handshake("unexpected failure",
        new SSLHandshakeException("Received fatal alert: bad_certificate"))));
    assertMentions(withKeyStore, "does not accept the client certificate of the key store given to "
        + "CassandraTls.withKeyStore");
  }

  @Test
  public void tlsSpokenToAPlainPortIsNamed() {
    String m = explain(TLS, onTheNode(handshake("unexpected failure",
        new SSLException("Unsupported or unrecognized SSL message"))));
    assertMentions(m, "TLS is configured, but 127.0.0.9:9042 does not speak TLS on that port");
  }

  @Test
  public void refusedCredentialsNameTheUserNeverThePassword() {
    String m = explain(PLAIN, onTheNode(new AuthenticationException(NODE_ADDRESS,
        "server replied with 'Provided username writer and/or password are incorrect' to AuthResponse request")));
    assertMentions(m, "127.0.0.9:9042 refused the credentials of user 'writer'", "password=***",
        "Check the user name and password given to withCredentials");
  }

  @Test
  public void missingCredentialsAreAskedFor() {
    ConnectionSpec anonymous = PLAIN.toBuilder().setUsername(null).setPassword(null).build();
    String m = explain(anonymous, onTheNode(new AuthenticationException(NODE_ADDRESS, "Node " + NODE_ADDRESS
        + " requires authentication (org.apache.cassandra.auth.PasswordAuthenticator), but no authenticator configured")));
    assertMentions(m, "127.0.0.9:9042 requires authentication", "withCredentials(user, password)");
  }

  @Test
  public void anythingElseKeepsTheDriversMessageAndTheGeneralAdvice() {
    String m = explain(PLAIN, onTheNode(handshake("failed", new ConnectException("Connection refused"))));
    assertMentions(m, "ConnectException: Connection refused", "127.0.0.9:9042",
        "Check withContactPoints, withLocalDatacenter and withKeyspace");
  }

  @Test
  public void aStoreThatCannotBeReadOnTheWorkerKeepsItsOwnMessage() {
    String m = explain(TLS, new IllegalArgumentException("withTls: cannot read the trust store /etc/ca.p12 on this "
        + "worker (a PKCS12 or JKS store, with the password given): IOException: keystore password was incorrect"));
    assertMentions(m, "withTls: cannot read the trust store /etc/ca.p12 on this worker");
    assertFalse(m, m.contains("Check withContactPoints"));
  }
}
