package io.cassandraio.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The keytool-made certificates, checked with a real TLS handshake on the loopback (no Cassandra):
 * a client trusting the CA and verifying the host name reaches a server presenting the node
 * certificate, a server requiring client certificates accepts the client certificate, and a
 * client trusting an unrelated CA is refused.
 */
public class TestCertificatesTest {
  private static final String ADDRESS = "127.0.110.201";
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  private static TestCertificates certs;

  @BeforeClass
  public static void generate() {
    long started = System.nanoTime();
    certs = TestCertificates.generate(TMP.getRoot().toPath().resolve("certs"), List.of(ADDRESS, "127.0.110.202"));
    System.out.printf("TestCertificates.generate: %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  private static KeyStore load(Path file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, certs.password().toCharArray());
    }
    return store;
  }

  private static SSLContext context(Path keyStore, Path trustStore) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    if (keyStore != null) {
      keys.init(load(keyStore), certs.password().toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load(trustStore));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyStore == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  /** One handshake: a server on ADDRESS with the node certificate, a client verifying the host name. */
  private static void handshake(SSLContext server, boolean requireClientCertificate, SSLContext client)
      throws Exception {
    try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket()) {
      listening.bind(new InetSocketAddress(ADDRESS, 0));
      listening.setNeedClientAuth(requireClientCertificate);
      CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
        try (SSLSocket s = (SSLSocket) listening.accept()) {
          s.setSoTimeout(5000);
          s.getOutputStream().write(1);
          s.getOutputStream().flush();
          s.getInputStream().read();
        } catch (Exception e) {
          // the client's side reports the failure
        }
      });
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(ADDRESS, listening.getLocalPort())) {
        socket.setSoTimeout(5000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        // TLS 1.3: a refused client certificate shows on the first read, not in the handshake.
        assertEquals(1, socket.getInputStream().read());
        socket.getOutputStream().write(2);
        socket.getOutputStream().flush();
      }
      accepted.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  public void theNodeCertificateIsSignedByTheCaAndNamesEveryNodeAddress() throws Exception {
    KeyStore node = load(certs.nodeKeyStore());
    Certificate[] chain = node.getCertificateChain("node");
    assertEquals("node certificate, then the CA", 2, chain.length);
    X509Certificate leaf = (X509Certificate) chain[0];
    X509Certificate ca = (X509Certificate) chain[1];
    leaf.verify(ca.getPublicKey());
    assertEquals(ca, load(certs.trustStore()).getCertificate("ca"));
    assertEquals(List.of(List.of(7, ADDRESS), List.of(7, "127.0.110.202")), List.copyOf(leaf.getSubjectAlternativeNames()));
    assertTrue("the CA is a CA", ca.getBasicConstraints() >= 0);
    assertEquals("not a CA", -1, leaf.getBasicConstraints());
    X509Certificate client = (X509Certificate) load(certs.clientKeyStore()).getCertificateChain("client")[0];
    client.verify(ca.getPublicKey());
    assertTrue(Files.readString(certs.caCertificate()).startsWith("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  public void aClientTrustingTheCaReachesTheNodeWithHostNameVerification() throws Exception {
    handshake(context(certs.nodeKeyStore(), certs.trustStore()), false, context(null, certs.trustStore()));
  }

  @Test
  public void aNodeRequiringClientCertificatesAcceptsTheClientCertificate() throws Exception {
    handshake(context(certs.nodeKeyStore(), certs.trustStore()), true,
        context(certs.clientKeyStore(), certs.trustStore()));
  }

  @Test
  public void theLaunchersProbeReachesANodeThatRequiresClientCertificates() throws Exception {
    ClientEncryption encryption = ClientEncryption.keyStore(certs.nodeKeyStore(), certs.password())
        .requiringClientCertificates(certs.trustStore(), certs.password());
    handshake(context(certs.nodeKeyStore(), certs.trustStore()), true, encryption.probeContext());
  }

  @Test
  public void aClientTrustingAnUnrelatedCaIsRefused() throws Exception {
    Path unrelated = certs.unrelatedTrustStore();
    assertEquals("made once per instance", unrelated, certs.unrelatedTrustStore());
    assertFalse(load(unrelated).getCertificate("ca").equals(load(certs.trustStore()).getCertificate("ca")));
    SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
        () -> handshake(context(certs.nodeKeyStore(), certs.trustStore()), false, context(null, unrelated)));
    assertTrue(e.getMessage(), e.getMessage().contains("PKIX path building failed"));
  }

  @Test
  public void clientEncryptionWritesTlsOnlyOptionsAndHidesItsPasswords() {
    ClientEncryption serverOnly = ClientEncryption.keyStore(certs.nodeKeyStore(), certs.password());
    Map<String, Object> yaml = serverOnly.yaml();
    assertEquals(true, yaml.get("enabled"));
    assertEquals("TLS only: a plain connection is refused", false, yaml.get("optional"));
    assertEquals(certs.nodeKeyStore().toString(), yaml.get("keystore"));
    assertEquals(certs.password(), yaml.get("keystore_password"));
    assertEquals("PKCS12", yaml.get("store_type"));
    assertEquals(false, yaml.get("require_client_auth"));
    assertFalse(yaml.containsKey("truststore"));

    ClientEncryption mutual = serverOnly.requiringClientCertificates(certs.trustStore(), certs.password());
    assertEquals(true, mutual.yaml().get("require_client_auth"));
    assertEquals(certs.trustStore().toString(), mutual.yaml().get("truststore"));
    assertFalse(mutual.toString(), mutual.toString().contains(certs.password()));
    assertFalse(certs.toString().contains(certs.password()));
  }

  @Test
  public void clientEncryptionNamesAMissingFileOrPassword() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClientEncryption.keyStore(TMP.getRoot().toPath().resolve("nope.p12"), "pw"));
    assertTrue(e.getMessage(), e.getMessage().contains("ClientEncryption.keyStore: no such file"));
    e = assertThrows(IllegalArgumentException.class, () -> ClientEncryption.keyStore(certs.nodeKeyStore(), ""));
    assertTrue(e.getMessage(), e.getMessage().contains("password"));
  }

  @Test
  public void aClusterSpecWithClientEncryptionWritesItIntoCassandraYaml() throws Exception {
    ClusterSpec spec = ClusterSpec.nodes(1).withBaseAddress("127.0.40.1").withWorkDir(TMP.getRoot().toPath().resolve("c"))
        .withClientEncryption(ClientEncryption.keyStore(certs.nodeKeyStore(), certs.password()));
    NodeLayout node = NodeLayout.of(spec, 1);
    NodeConfigWriter.write(spec, node, List.of(0L));
    String yaml = Files.readString(node.yamlFile());
    assertTrue(yaml, yaml.contains("client_encryption_options:\n  enabled: true\n  optional: false\n"));
    assertTrue(ClusterSpec.nodes(1).clientEncryption().isEmpty());
  }
}
