package io.cassandraio.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS on the nodes' CQL port ({@code client_encryption_options}), and only TLS: {@code optional:
 * false}, so a plain connection is refused. Optionally the nodes require a client certificate
 * signed by a CA in a trust store. Key and trust stores are PKCS12 files on this machine, such as
 * those {@link TestCertificates} makes.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.generate(dir, spec.nodeAddresses());
 * spec.withClientEncryption(ClientEncryption.keyStore(certs.nodeKeyStore(), certs.password())
 *     .requiringClientCertificates(certs.trustStore(), certs.password()));
 * }</pre>
 *
 * <p>The launcher's readiness probe speaks TLS too: it trusts the node's own certificate and, when
 * client certificates are required, presents it (so that certificate must be usable by a client,
 * as one without an extended key usage is).
 */
public final class ClientEncryption {
  private final Path keyStore;
  private final String keyStorePassword;
  private final Path trustStore;
  private final String trustStorePassword;

  private ClientEncryption(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
    this.keyStore = keyStore;
    this.keyStorePassword = keyStorePassword;
    this.trustStore = trustStore;
    this.trustStorePassword = trustStorePassword;
  }

  /** The nodes' own key and certificate (chain): a PKCS12 file and its password. */
  public static ClientEncryption keyStore(Path pkcs12, String password) {
    return new ClientEncryption(requireFile("keyStore", pkcs12), requirePassword("keyStore", password), null, null);
  }

  /** Clients must present a certificate signed by a CA in this PKCS12 trust store ({@code require_client_auth}). */
  public ClientEncryption requiringClientCertificates(Path trustStore, String password) {
    return new ClientEncryption(keyStore, keyStorePassword, requireFile("requiringClientCertificates", trustStore),
        requirePassword("requiringClientCertificates", password));
  }

  public Path keyStorePath() {
    return keyStore;
  }

  /** The trust store of client certificates' CAs; empty when no client certificate is required. */
  public Optional<Path> clientTrustStorePath() {
    return Optional.ofNullable(trustStore);
  }

  public boolean requiresClientCertificates() {
    return trustStore != null;
  }

  /** The value of {@code client_encryption_options} in cassandra.yaml. */
  Map<String, Object> yaml() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("enabled", true);
    options.put("optional", false);
    options.put("keystore", keyStore.toString());
    options.put("keystore_password", keyStorePassword);
    options.put("store_type", "PKCS12");
    options.put("require_client_auth", trustStore != null);
    if (trustStore != null) {
      options.put("truststore", trustStore.toString());
      options.put("truststore_password", trustStorePassword);
    }
    return options;
  }

  /**
   * The readiness probe's TLS: the node's key store serves as both key material (the node's own
   * certificate, signed by the CA the node trusts for clients) and trust anchors (the node's own
   * certificate, so the probe checks it talks to the node it started, not just any TLS server).
   */
  SSLContext probeContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, keyStorePassword.toCharArray());
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, keyStorePassword.toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new LauncherException("Cannot use the key store " + keyStore + " of ClientEncryption (wrong password, "
          + "or not a PKCS12 file?): " + e.getMessage(), e);
    }
  }

  private static Path requireFile(String option, Path path) {
    Objects.requireNonNull(path, option);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("ClientEncryption." + option + ": no such file " + path.toAbsolutePath());
    }
    return path.toAbsolutePath();
  }

  private static String requirePassword(String option, String password) {
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("ClientEncryption." + option + " needs the store's password (PKCS12 "
          + "stores made by keytool always have one)");
    }
    return password;
  }

  /** Without the passwords. */
  @Override
  public String toString() {
    return "ClientEncryption{keyStore=" + keyStore + (trustStore == null ? "" : ", clientTrustStore=" + trustStore)
        + "}";
  }
}
