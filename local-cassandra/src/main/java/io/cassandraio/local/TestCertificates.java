package io.cassandraio.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Throw-away certificates for TLS tests, made with the running JDK's {@code keytool}: a CA, a
 * node certificate it signed (its subject alternative names are the nodes' IP addresses, so
 * clients can verify host names), and a client certificate it signed. Every store is PKCS12 and
 * has the same random password, made anew each time.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.generate(Path.of("target", "tls"), spec.nodeAddresses());
 * ClusterSpec tlsSpec = spec.withClientEncryption(ClientEncryption.keyStore(certs.nodeKeyStore(), certs.password()));
 * // clients trust certs.trustStore() (the CA) and may present certs.clientKeyStore()
 * }</pre>
 *
 * <p>EC keys (P-256): generating them takes milliseconds, where RSA keys can take a second on a
 * busy machine. No extended key usage is set, so the node certificate also serves as a client
 * certificate (the launcher's readiness probe presents it to nodes that require one).
 */
public final class TestCertificates {
  private static final String VALIDITY_DAYS = "30";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
  /** keytool's JVM: a short-lived client; these halve its start-up on a busy machine. */
  private static final List<String> JVM_FLAGS =
      List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto");

  private final Path dir;
  private final String password;
  /** Whether this instance made the unrelated CA: a store left by an earlier run has another password. */
  private boolean unrelatedMade;

  private TestCertificates(Path dir, String password) {
    this.dir = dir;
    this.password = password;
  }

  /** Makes every store in {@code dir} (created if missing; earlier files there are replaced). */
  public static TestCertificates generate(Path dir, List<String> nodeAddresses) {
    if (nodeAddresses.isEmpty()) {
      throw new IllegalArgumentException("TestCertificates.generate needs at least one node address for the "
          + "node certificate's subject alternative names");
    }
    TestCertificates certs = new TestCertificates(dir.toAbsolutePath(), randomPassword());
    certs.prepareDir();
    certs.makeCa("ca", "CN=cassandraio test CA");
    String san = nodeAddresses.stream().map(a -> "ip:" + a).collect(Collectors.joining(","));
    // Independent once the CA exists: on two threads, each keytool run being mostly JVM start-up.
    CompletableFuture<Void> client = CompletableFuture.runAsync(
        () -> certs.makeSigned("client", "CN=cassandraio test client", null));
    certs.makeSigned("node", "CN=cassandraio test node", "san=" + san);
    try {
      client.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return certs;
  }

  /** Trust store holding the CA certificate: what clients trust, and nodes trust for client certificates. */
  public Path trustStore() {
    return dir.resolve("truststore.p12");
  }

  /** The node's key and certificate chain (node, CA), for {@link ClientEncryption#keyStore}. */
  public Path nodeKeyStore() {
    return dir.resolve("node.p12");
  }

  /** A client's key and certificate chain (client, CA), to present to nodes that require one. */
  public Path clientKeyStore() {
    return dir.resolve("client.p12");
  }

  /** The CA certificate in PEM, for tools that take one (cqlsh, openssl). */
  public Path caCertificate() {
    return dir.resolve("ca.pem");
  }

  /** The password of every store here. */
  public String password() {
    return password;
  }

  /**
   * A trust store (same password) holding a CA that signed nothing here, made on first call: a
   * client that trusts only it must refuse the nodes' certificate.
   */
  public synchronized Path unrelatedTrustStore() {
    TestCertificates other = new TestCertificates(dir.resolve("other-ca"), password);
    if (!unrelatedMade) {
      other.prepareDir();
      other.makeCa("ca", "CN=cassandraio unrelated test CA");
      unrelatedMade = true;
    }
    return other.trustStore();
  }

  private void prepareDir() {
    try {
      Files.createDirectories(dir);
      for (String name : List.of("ca.p12", "ca.pem", "truststore.p12", "node.p12", "node.csr", "node.pem",
          "client.p12", "client.csr", "client.pem")) {
        Files.deleteIfExists(dir.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the certificate directory " + dir, e);
    }
  }

  /** A self-signed CA in ca.p12, its certificate in ca.pem and alone in the trust store. */
  private void makeCa(String alias, String dname) {
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
        "-validity", VALIDITY_DAYS, "-ext", "bc:c", "-keystore", file("ca.p12"));
    keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", file("ca.p12"), "-file", file("ca.pem"));
    keytool("-importcert", "-noprompt", "-alias", alias, "-file", file("ca.pem"), "-keystore", file("truststore.p12"));
  }

  /** A key in {@code name}.p12 whose certificate the CA signed; the chain (it, CA) replaces the self-signed one. */
  private void makeSigned(String name, String dname, String extension) {
    String store = file(name + ".p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
        "-validity", VALIDITY_DAYS, "-keystore", store);
    keytool("-certreq", "-alias", name, "-keystore", store, "-file", file(name + ".csr"));
    List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", file("ca.p12"),
        "-infile", file(name + ".csr"), "-outfile", file(name + ".pem"), "-validity", VALIDITY_DAYS));
    if (extension != null) {
      sign.addAll(List.of("-ext", extension));
    }
    keytool(sign.toArray(String[]::new));
    // The CA must be in the store for keytool to accept the signed certificate as a reply.
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-keystore", store);
    keytool("-importcert", "-alias", name, "-file", file(name + ".pem"), "-keystore", store);
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private void keytool(String... args) {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>();
    command.add(keytool.toString());
    command.addAll(JVM_FLAGS);
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", password)); // PKCS12: key password = store password
    Path output = dir.resolve("keytool-" + Thread.currentThread().getId() + ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS
            + " s (" + keytool + ")");
      }
      if (process.exitValue() != 0) {
        // keytool never prints the passwords it was given; its output says what went wrong.
        throw new IllegalStateException("keytool " + args[0] + " failed with exit code " + process.exitValue()
            + " in " + dir + ": " + Files.readString(output, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + keytool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while keytool " + args[0] + " ran", e);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return "test-" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "TestCertificates{" + dir + "}";
  }
}
