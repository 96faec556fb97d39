package io.cassandraio.it.support;

import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraTls;
import io.cassandraio.local.ClientEncryption;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import io.cassandraio.local.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.rules.ExternalResource;

/**
 * One node of a test class's own with TLS-only CQL ({@code client_encryption_options}, certificates
 * made by {@link TestCertificates} at test time), optionally requiring client certificates, and
 * optionally with authentication and authorization ({@code PasswordAuthenticator},
 * {@code CassandraAuthorizer}, no permission caches so that a GRANT takes effect at once).
 *
 * <pre>{@code
 * @ClassRule public static final SecuredCassandra NODE = SecuredCassandra.tls("127.0.66.1", "cassandra-tls")
 *     .requiringClientCertificates();
 * }</pre>
 *
 * <p>The test's own session ({@link #admin()}) speaks TLS with the client certificate and, with
 * authentication, logs in as the default superuser, which a fresh node creates some seconds after
 * it starts: {@code before()} waits for it.
 */
public final class SecuredCassandra extends ExternalResource {
  public static final String SUPERUSER = "cassandra";
  private static final Duration SUPERUSER_TIMEOUT = Duration.ofSeconds(60);

  private final String baseAddress;
  private final String workDirName;
  private final boolean clientCertificates;
  private final boolean authentication;
  private TestCertificates certs;
  private LocalCluster cluster;
  private CqlSession admin;

  private SecuredCassandra(String baseAddress, String workDirName, boolean clientCertificates,
      boolean authentication) {
    this.baseAddress = baseAddress;
    this.workDirName = workDirName;
    this.clientCertificates = clientCertificates;
    this.authentication = authentication;
  }

  /** A TLS-only node on {@code baseAddress} (moved by {@code -Dfresh.cluster.address}), files under target/. */
  public static SecuredCassandra tls(String baseAddress, String workDirName) {
    return new SecuredCassandra(FreshCluster.baseAddress(baseAddress), workDirName, false, false);
  }

  /** The node also requires a client certificate signed by the test CA. */
  public SecuredCassandra requiringClientCertificates() {
    return new SecuredCassandra(baseAddress, workDirName, true, authentication);
  }

  /** The node also authenticates users by password and authorizes their statements. */
  public SecuredCassandra withAuthentication() {
    return new SecuredCassandra(baseAddress, workDirName, clientCertificates, true);
  }

  @Override
  protected void before() {
    long started = System.nanoTime();
    ClusterSpec spec = ClusterSpec.nodes(1).withBaseAddress(baseAddress)
        .withWorkDir(Path.of("target", workDirName)).withHeap("768M");
    certs = TestCertificates.generate(Path.of("target", workDirName + "-certs"), spec.nodeAddresses());
    long certsMillis = (System.nanoTime() - started) / 1_000_000;
    ClientEncryption encryption = ClientEncryption.keyStore(certs.nodeKeyStore(), certs.password());
    spec = spec.withClientEncryption(clientCertificates
        ? encryption.requiringClientCertificates(certs.trustStore(), certs.password()) : encryption);
    if (authentication) {
      spec = spec.withYaml("authenticator", "PasswordAuthenticator")
          .withYaml("authorizer", "CassandraAuthorizer")
          .withYaml("permissions_validity", "0ms")
          .withYaml("roles_validity", "0ms")
          .withYaml("credentials_validity", "0ms");
    }
    cluster = LocalCluster.start(spec);
    long nodeMillis = (System.nanoTime() - started) / 1_000_000 - certsMillis;
    try {
      admin = authentication ? awaitSuperuser() : adminBuilder().build();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    System.out.printf("SecuredCassandra: certificates in %d ms, node on %s (TLS%s%s) in %d ms, admin session after "
        + "%d ms in all%n", certsMillis, spec.nodeAddresses(), clientCertificates ? ", client certificates" : "",
        authentication ? ", authentication" : "", nodeMillis, (System.nanoTime() - started) / 1_000_000);
  }

  /** The default superuser cassandra/cassandra is set up some seconds after the node starts. */
  private CqlSession awaitSuperuser() {
    return await("a login as " + SUPERUSER + "/" + SUPERUSER).atMost(SUPERUSER_TIMEOUT)
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> {
          CqlSession s = adminBuilder().withAuthCredentials(SUPERUSER, SUPERUSER).build();
          try {
            s.execute("SELECT role FROM system_auth.roles WHERE role = '" + SUPERUSER + "'");
            return s;
          } catch (RuntimeException e) {
            s.close();
            throw e;
          }
        }, Objects::nonNull);
  }

  @Override
  protected void after() {
    try {
      if (admin != null) {
        admin.close();
        admin = null;
      }
    } finally {
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    }
  }

  /** A session builder for the test's own sessions: TLS with the client certificate, the tests' timeouts. */
  public CqlSessionBuilder adminBuilder() {
    return CqlSession.builder().addContactPoints(cluster().contactPoints())
        .withLocalDatacenter(cluster().localDatacenter()).withConfigLoader(DriverConfig.testLoader())
        .withSslEngineFactory(new ProgrammaticSslEngineFactory(sslContext(), null, false));
  }

  private SSLContext sslContext() {
    try {
      KeyStore keys = load(certs.clientKeyStore());
      KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      km.init(keys, certs.password().toCharArray());
      TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tm.init(load(certs.trustStore()));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(km.getKeyManagers(), tm.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot use the test certificates in " + certs, e);
    }
  }

  private KeyStore load(Path file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, certs.password().toCharArray());
    }
    return store;
  }

  /** The test's session: TLS, client certificate, superuser when the node authenticates. Do not close it. */
  public CqlSession admin() {
    if (admin == null) {
      throw new IllegalStateException("The node is not running (rule not applied, or already closed)");
    }
    return admin;
  }

  public LocalCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("The node is not running (rule not applied, or already closed)");
    }
    return cluster;
  }

  public TestCertificates certs() {
    return certs;
  }

  /** A connection for the code under test, plain: tests add TLS and credentials themselves. */
  public CassandraConnection plainConnection() {
    return CassandraConnection.create().withContactPoints(cluster().contactPoints())
        .withLocalDatacenter(cluster().localDatacenter());
  }

  /** TLS that trusts the test CA, with the client certificate if the node requires one. */
  public CassandraTls tls() {
    CassandraTls tls = CassandraTls.trustStore(certs.trustStore().toString(), certs.password());
    return clientCertificates ? tls.withKeyStore(certs.clientKeyStore().toString(), certs.password()) : tls;
  }

  /** {@code host:port} of the node, as error messages name it. */
  public String contactPoint() {
    return cluster().node(1).address() + ":" + cluster().node(1).nativePort();
  }
}
