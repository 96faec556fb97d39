package io.cassandraio;

import com.datastax.oss.driver.api.core.auth.AuthProvider;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import io.cassandraio.internal.keyspaces.AmazonKeyspaces;
import io.cassandraio.internal.session.ConnectionSpec;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How to reach Cassandra: contact points, local datacenter, keyspace, credentials, TLS ({@link
 * #withTls}) and an optional driver configuration file. Immutable and serializable: it travels to the workers, and
 * each worker JVM builds one shared {@code CqlSession} per distinct connection.
 *
 * <pre>{@code
 * CassandraConnection.create()
 *     .withContactPoints("10.0.0.5:9042", "10.0.0.6:9042")
 *     .withLocalDatacenter("dc1")
 *     .withKeyspace("sensor_data")
 *     .withCredentials("writer", "secret");
 * }</pre>
 *
 * <p>The password never appears in display data, {@link #toString()} or the public getters.
 */
public final class CassandraConnection implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Port used for a contact point given without one. */
  public static final int DEFAULT_PORT = 9042;
  private static final String BOTH_TLS_OPTIONS = "CassandraConnection takes either withTls(CassandraTls) or "
      + "withSsl(factory), not both: withTls builds the driver's SslEngineFactory from trust and key stores, "
      + "withSsl takes a factory of your own. Keep one.";

  private final ConnectionSpec spec;

  private CassandraConnection(ConnectionSpec spec) {
    this.spec = spec;
  }

  /** An empty connection; at least contact points (or a config file naming them) are needed. */
  public static CassandraConnection create() {
    return new CassandraConnection(ConnectionSpec.empty());
  }

  /**
   * Amazon Keyspaces in AWS Region {@code region} (for example {@code "us-east-1"}): the Region's
   * endpoint {@code cassandra.<region>.amazonaws.com:9142}, local datacenter = the Region, TLS
   * validated by the JDK's default trust store, writes at {@code LOCAL_QUORUM} (the only level
   * Keyspaces acknowledges writes at), and AWS SigV4 authentication through AWS's plugin, which
   * you add to your project: {@code software.aws.mcs:aws-sigv4-auth-cassandra-java-driver-plugin}
   * (4.x). It signs with the AWS SDK's default credentials (environment, system properties,
   * profile, container or instance role). Or use service-specific credentials:
   *
   * <pre>{@code
   * CassandraConnection.forAmazonKeyspaces("us-east-1")
   *     .withKeyspace("sensor_data")
   *     .withCredentials("alice-at-111122223333", servicePassword);  // instead of SigV4
   * }</pre>
   *
   * <p>A write through this connection keeps to Keyspaces' limits: at most 30 statements per
   * UNLOGGED batch, LOCAL_QUORUM only; exactly-once waits for its checkpoint table to be ACTIVE
   * (DDL is asynchronous there) and checks that the tables written have client-side timestamps
   * turned on. Every setting can still be changed with the {@code withX} methods (a VPC
   * endpoint's contact point, a trust store of your own with {@link #withTls}), and a driver
   * configuration file ({@link #withConfigFile}) wins over the preset's driver settings.
   */
  public static CassandraConnection forAmazonKeyspaces(String region) {
    AmazonKeyspaces.checkRegion("CassandraConnection.forAmazonKeyspaces", region);
    return create().withContactPoints(AmazonKeyspaces.endpoint(region)).withLocalDatacenter(region)
        .with(b -> b.setAmazonKeyspacesRegion(region));
  }

  /** {@code host[:port]} entries; the port defaults to {@value #DEFAULT_PORT}. */
  public CassandraConnection withContactPoints(String... hostPorts) {
    List<String> points = new ArrayList<>();
    for (String hostPort : hostPorts) {
      InetSocketAddress address = parseHostPort(hostPort);
      points.add(address.getHostString() + ":" + address.getPort());
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException("withContactPoints needs at least one host[:port]");
    }
    return with(b -> b.setContactPoints(List.copyOf(points)));
  }

  /** Same as {@link #withContactPoints(String...)}, from socket addresses. */
  public CassandraConnection withContactPoints(List<InetSocketAddress> addresses) {
    return withContactPoints(
        addresses.stream().map(a -> a.getHostString() + ":" + a.getPort()).toArray(String[]::new));
  }

  /** The datacenter the driver treats as local (required by driver 4 with explicit contact points). */
  public CassandraConnection withLocalDatacenter(String datacenter) {
    requireText("withLocalDatacenter", datacenter);
    return with(b -> b.setLocalDatacenter(datacenter));
  }

  /** Keyspace of the tables written; a table name may also be qualified as {@code ks.table}. */
  public CassandraConnection withKeyspace(String keyspace) {
    requireText("withKeyspace", keyspace);
    return with(b -> b.setKeyspace(keyspace));
  }

  /** Plain-text authentication. Mutually exclusive with {@link #withAuthProvider}. */
  public CassandraConnection withCredentials(String username, String password) {
    requireText("withCredentials username", username);
    Objects.requireNonNull(password, "withCredentials password must not be null");
    return with(b -> b.setUsername(username).setPassword(password).setAuthProviderFactory(null));
  }

  /**
   * Any driver {@link AuthProvider}, built on the worker (for example SigV4 for Amazon
   * Keyspaces). The factory is serialized; the provider it returns is not.
   */
  public CassandraConnection withAuthProvider(SerializableFunction<Void, AuthProvider> factory) {
    Objects.requireNonNull(factory, "withAuthProvider must not be null");
    return with(b -> b.setAuthProviderFactory(factory).setUsername(null).setPassword(null));
  }

  /**
   * TLS from trust and key stores: the CAs to trust, a client certificate if the nodes require
   * one, host name verification (see {@link CassandraTls}). Either this or {@link #withSsl}, not
   * both.
   */
  public CassandraConnection withTls(CassandraTls tls) {
    Objects.requireNonNull(tls, "withTls must not be null");
    if (spec.sslEngineFactory() != null) {
      throw new IllegalArgumentException(BOTH_TLS_OPTIONS);
    }
    return with(b -> b.setTls(tls.spec()));
  }

  /**
   * TLS from a factory building the driver's {@link SslEngineFactory} on the worker: for what
   * {@link #withTls} does not offer (cipher suites, protocols, a PEM loader of your own). Either
   * this or {@code withTls}, not both.
   */
  public CassandraConnection withSsl(SerializableFunction<Void, SslEngineFactory> factory) {
    Objects.requireNonNull(factory, "withSsl must not be null");
    if (spec.tls() != null) {
      throw new IllegalArgumentException(BOTH_TLS_OPTIONS);
    }
    return with(b -> b.setSslEngineFactory(factory));
  }


  /**
   * A driver {@code application.conf}-style file readable on every worker; its settings apply
   * under this object's explicit ones.
   */
  public CassandraConnection withConfigFile(String path) {
    requireText("withConfigFile", path);
    return with(b -> b.setConfigFile(path));
  }

  /** The driver execution profile (from the config file) that writes run under. */
  public CassandraConnection withExecutionProfile(String profile) {
    requireText("withExecutionProfile", profile);
    return with(b -> b.setExecutionProfile(profile));
  }

  public List<String> contactPoints() {
    return spec.contactPoints();
  }

  public @Nullable String localDatacenter() {
    return spec.localDatacenter();
  }

  public @Nullable String keyspace() {
    return spec.keyspace();
  }

  /** The AWS Region of a {@link #forAmazonKeyspaces} connection; null for any other. */
  public @Nullable String amazonKeyspacesRegion() {
    return spec.amazonKeyspacesRegion();
  }

  /** Throws, naming the missing option, unless the driver can be built from this. */
  public void validate() {
    spec.validate();
  }

  /** The options as the workers use them; not API. */
  ConnectionSpec spec() {
    return spec;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CassandraConnection other && spec.equals(other.spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  /** Without the password. */
  @Override
  public String toString() {
    return spec.toString();
  }

  static InetSocketAddress parseHostPort(String hostPort) {
    requireText("withContactPoints: a contact point", hostPort);
    String text = hostPort.trim();
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return InetSocketAddress.createUnresolved(text, DEFAULT_PORT);
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (colon == 0 || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "withContactPoints: '" + hostPort + "' is not host[:port] with a port in 1..65535", e);
    }
  }

  private static void requireText(String option, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + " must not be null or blank");
    }
  }

  private CassandraConnection with(UnaryOperator<ConnectionSpec.Builder> change) {
    return new CassandraConnection(change.apply(spec.toBuilder()).build());
  }
}
