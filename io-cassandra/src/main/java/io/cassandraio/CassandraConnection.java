package io.cassandraio;

import com.datastax.oss.driver.api.core.auth.AuthProvider;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How to reach Cassandra: contact points, local datacenter, keyspace, credentials, TLS and an
 * optional driver configuration file. Immutable and serializable: it travels to the workers, and
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
 * <p>The password never appears in display data or {@link #toString()}.
 */
public final class CassandraConnection implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Port used for a contact point given without one. */
  public static final int DEFAULT_PORT = 9042;

  private final List<String> contactPoints;
  private final @Nullable String localDatacenter;
  private final @Nullable String keyspace;
  private final @Nullable String username;
  private final @Nullable String password;
  private final @Nullable SerializableFunction<Void, AuthProvider> authProviderFactory;
  private final @Nullable SerializableFunction<Void, SslEngineFactory> sslEngineFactory;
  private final @Nullable String configFile;
  private final @Nullable String executionProfile;

  private CassandraConnection(Builder b) {
    this.contactPoints = List.copyOf(b.contactPoints);
    this.localDatacenter = b.localDatacenter;
    this.keyspace = b.keyspace;
    this.username = b.username;
    this.password = b.password;
    this.authProviderFactory = b.authProviderFactory;
    this.sslEngineFactory = b.sslEngineFactory;
    this.configFile = b.configFile;
    this.executionProfile = b.executionProfile;
  }

  /** An empty connection; at least contact points (or a config file naming them) are needed. */
  public static CassandraConnection create() {
    return new CassandraConnection(new Builder());
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
    return with(b -> b.contactPoints = points);
  }

  /** Same as {@link #withContactPoints(String...)}, from socket addresses. */
  public CassandraConnection withContactPoints(List<InetSocketAddress> addresses) {
    return withContactPoints(
        addresses.stream().map(a -> a.getHostString() + ":" + a.getPort()).toArray(String[]::new));
  }

  /** The datacenter the driver treats as local (required by driver 4 with explicit contact points). */
  public CassandraConnection withLocalDatacenter(String datacenter) {
    requireText("withLocalDatacenter", datacenter);
    return with(b -> b.localDatacenter = datacenter);
  }

  /** Keyspace of the tables written; a table name may also be qualified as {@code ks.table}. */
  public CassandraConnection withKeyspace(String keyspace) {
    requireText("withKeyspace", keyspace);
    return with(b -> b.keyspace = keyspace);
  }

  /** Plain-text authentication. Mutually exclusive with {@link #withAuthProvider}. */
  public CassandraConnection withCredentials(String username, String password) {
    requireText("withCredentials username", username);
    Objects.requireNonNull(password, "withCredentials password");
    return with(b -> {
      b.username = username;
      b.password = password;
      b.authProviderFactory = null;
    });
  }

  /**
   * Any driver {@link AuthProvider}, built on the worker (for example SigV4 for Amazon
   * Keyspaces). The factory is serialized; the provider it returns is not.
   */
  public CassandraConnection withAuthProvider(SerializableFunction<Void, AuthProvider> factory) {
    Objects.requireNonNull(factory, "withAuthProvider");
    return with(b -> {
      b.authProviderFactory = factory;
      b.username = null;
      b.password = null;
    });
  }

  /** TLS: a factory building the driver's {@link SslEngineFactory} on the worker. */
  public CassandraConnection withSsl(SerializableFunction<Void, SslEngineFactory> factory) {
    Objects.requireNonNull(factory, "withSsl");
    return with(b -> b.sslEngineFactory = factory);
  }

  /**
   * A driver {@code application.conf}-style file readable on every worker; its settings apply
   * under this object's explicit ones.
   */
  public CassandraConnection withConfigFile(String path) {
    requireText("withConfigFile", path);
    return with(b -> b.configFile = path);
  }

  /** The driver execution profile (from the config file) that writes run under. */
  public CassandraConnection withExecutionProfile(String profile) {
    requireText("withExecutionProfile", profile);
    return with(b -> b.executionProfile = profile);
  }

  public List<String> contactPoints() {
    return contactPoints;
  }

  public @Nullable String localDatacenter() {
    return localDatacenter;
  }

  public @Nullable String keyspace() {
    return keyspace;
  }

  public @Nullable String username() {
    return username;
  }

  public @Nullable String password() {
    return password;
  }

  public @Nullable SerializableFunction<Void, AuthProvider> authProviderFactory() {
    return authProviderFactory;
  }

  public @Nullable SerializableFunction<Void, SslEngineFactory> sslEngineFactory() {
    return sslEngineFactory;
  }

  public @Nullable String configFile() {
    return configFile;
  }

  public @Nullable String executionProfile() {
    return executionProfile;
  }

  /** Throws, naming the missing option, unless the driver can be built from this. */
  public void validate() {
    if (contactPoints.isEmpty() && configFile == null) {
      throw new IllegalArgumentException(
          "CassandraConnection needs withContactPoints(...) (or withConfigFile(...) naming "
              + "basic.contact-points)");
    }
    if (!contactPoints.isEmpty() && localDatacenter == null && configFile == null) {
      throw new IllegalArgumentException(
          "CassandraConnection with contact points needs withLocalDatacenter(...): driver 4 "
              + "routes only to the local datacenter (a single-DC local cluster is 'datacenter1')");
    }
  }

  /** The options, without the password. */
  public void populateDisplayData(DisplayData.Builder builder) {
    builder
        .add(DisplayData.item("contactPoints", String.join(",", contactPoints)))
        .addIfNotNull(DisplayData.item("localDatacenter", localDatacenter))
        .addIfNotNull(DisplayData.item("keyspace", keyspace))
        .addIfNotNull(DisplayData.item("username", username))
        .add(DisplayData.item("authProvider", authProviderFactory != null))
        .add(DisplayData.item("ssl", sslEngineFactory != null))
        .addIfNotNull(DisplayData.item("configFile", configFile))
        .addIfNotNull(DisplayData.item("executionProfile", executionProfile));
  }

  /**
   * Identity of the session this connection needs: equal keys share one {@code CqlSession} per
   * JVM. Factories count by identity of their serialized form's class, which is enough to keep
   * different auth or TLS setups apart.
   */
  public String sessionKey() {
    return String.join("|", String.join(",", contactPoints), String.valueOf(localDatacenter),
        String.valueOf(keyspace),
        String.valueOf(username), String.valueOf(password == null ? null : password.hashCode()),
        authProviderFactory == null ? "-" : authProviderFactory.getClass().getName(),
        sslEngineFactory == null ? "-" : sslEngineFactory.getClass().getName(),
        String.valueOf(configFile));
  }

  @Override
  public String toString() {
    return "CassandraConnection{contactPoints=" + contactPoints + ", localDatacenter="
        + localDatacenter + ", keyspace=" + keyspace + ", username=" + username
        + (password == null ? "" : ", password=***") + "}";
  }

  static InetSocketAddress parseHostPort(String hostPort) {
    requireText("contact point", hostPort);
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
          "Contact point '" + hostPort + "' is not host[:port] with a port in 1..65535", e);
    }
  }

  private static void requireText(String option, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + " must not be null or blank");
    }
  }

  private CassandraConnection with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder();
    b.contactPoints = contactPoints;
    b.localDatacenter = localDatacenter;
    b.keyspace = keyspace;
    b.username = username;
    b.password = password;
    b.authProviderFactory = authProviderFactory;
    b.sslEngineFactory = sslEngineFactory;
    b.configFile = configFile;
    b.executionProfile = executionProfile;
    change.accept(b);
    return new CassandraConnection(b);
  }

  private static final class Builder {
    List<String> contactPoints = List.of();
    @Nullable String localDatacenter;
    @Nullable String keyspace;
    @Nullable String username;
    @Nullable String password;
    @Nullable SerializableFunction<Void, AuthProvider> authProviderFactory;
    @Nullable SerializableFunction<Void, SslEngineFactory> sslEngineFactory;
    @Nullable String configFile;
    @Nullable String executionProfile;
  }
}
