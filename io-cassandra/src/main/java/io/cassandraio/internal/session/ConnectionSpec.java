package io.cassandraio.internal.session;

import com.datastax.oss.driver.api.core.auth.AuthProvider;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import com.google.auto.value.AutoValue;
import io.cassandraio.internal.keyspaces.AmazonKeyspaces;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The options of a {@code CassandraConnection}, as the workers need them (password included). The
 * public {@code CassandraConnection} validates each option and hands this over; nothing outside
 * {@code internal} sees the credentials.
 */
@AutoValue
public abstract class ConnectionSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@code host:port} entries, already checked. */
  public abstract List<String> contactPoints();

  public abstract @Nullable String localDatacenter();

  public abstract @Nullable String keyspace();

  public abstract @Nullable String username();

  public abstract @Nullable String password();

  public abstract @Nullable SerializableFunction<Void, AuthProvider> authProviderFactory();

  public abstract @Nullable SerializableFunction<Void, SslEngineFactory> sslEngineFactory();

  /** TLS from trust and key stores ({@code withTls}); never together with {@link #sslEngineFactory()}. */
  public abstract @Nullable TlsSpec tls();

  public abstract @Nullable String configFile();

  public abstract @Nullable String executionProfile();

  /** Set by the Amazon Keyspaces preset: the AWS Region its driver settings and limits are for. */
  public abstract @Nullable String amazonKeyspacesRegion();

  public abstract Builder toBuilder();

  public static ConnectionSpec empty() {
    return new AutoValue_ConnectionSpec.Builder().setContactPoints(List.of()).build();
  }

  /** Throws, naming the missing option, unless the driver can be built from this. */
  public void validate() {
    if (contactPoints().isEmpty() && configFile() == null) {
      throw new IllegalArgumentException(
          "CassandraConnection needs withContactPoints(...) (or withConfigFile(...) naming basic.contact-points)");
    }
    if (!contactPoints().isEmpty() && localDatacenter() == null && configFile() == null) {
      throw new IllegalArgumentException("CassandraConnection with contact points needs withLocalDatacenter(...): "
          + "driver 4 routes only to the local datacenter (a single-DC local cluster is 'datacenter1')");
    }
    if (usesSigV4() && configFile() == null) { // fail where the pipeline is built, not first on the workers
      AmazonKeyspaces.requireSigV4(SessionFactory.userClassLoader(), amazonKeyspacesRegion());
    }
  }

  /** The Keyspaces preset without credentials or an auth provider of the user's: AWS's SigV4 plugin. */
  boolean usesSigV4() {
    return amazonKeyspacesRegion() != null && username() == null && authProviderFactory() == null;
  }

  /**
   * Identity of the session this connection needs: equal keys share one {@code CqlSession} per
   * JVM. Factories count by the class of their serialized form, which is enough to keep different
   * auth or TLS setups apart. (Not the execution profile: it is chosen per statement.) The password
   * enters only as a salted digest, so that the key can be logged or kept without revealing it.
   */
  String sessionKey() {
    String password = password();
    return String.join("|", String.join(",", contactPoints()), String.valueOf(localDatacenter()),
        String.valueOf(keyspace()), String.valueOf(username()),
        password == null ? "-" : PasswordDigest.of(password),
        authProviderFactory() == null ? "-" : authProviderFactory().getClass().getName(),
        sslEngineFactory() == null ? "-" : sslEngineFactory().getClass().getName(),
        String.valueOf(configFile()), String.valueOf(amazonKeyspacesRegion()),
        tls() == null ? "-" : tls().sessionKey());
  }

  /** The options, without the password. */
  public void populateDisplayData(DisplayData.Builder builder) {
    builder
        .add(DisplayData.item("contactPoints", String.join(",", contactPoints())))
        .addIfNotNull(DisplayData.item("localDatacenter", localDatacenter()))
        .addIfNotNull(DisplayData.item("keyspace", keyspace()))
        .addIfNotNull(DisplayData.item("username", username()))
        .add(DisplayData.item("authProvider", authProviderFactory() != null))
        .add(DisplayData.item("ssl", sslEngineFactory() != null || tls() != null))
        .addIfNotNull(DisplayData.item("tls", tls() == null ? null : tls().describe()))
        .addIfNotNull(DisplayData.item("configFile", configFile()))
        .addIfNotNull(DisplayData.item("executionProfile", executionProfile()))
        .addIfNotNull(DisplayData.item("amazonKeyspacesRegion", amazonKeyspacesRegion()));
  }

  /** Never the password (AutoValue would print it). */
  @Override
  public final String toString() {
    return "CassandraConnection{contactPoints=" + contactPoints() + ", localDatacenter=" + localDatacenter()
        + ", keyspace=" + keyspace() + ", username=" + username() + (password() == null ? "" : ", password=***")
        + (tls() == null ? "" : ", tls={" + tls().describe() + "}") + "}";
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setContactPoints(List<String> points);

    public abstract Builder setLocalDatacenter(@Nullable String datacenter);

    public abstract Builder setKeyspace(@Nullable String keyspace);

    public abstract Builder setUsername(@Nullable String username);

    public abstract Builder setPassword(@Nullable String password);

    public abstract Builder setAuthProviderFactory(@Nullable SerializableFunction<Void, AuthProvider> factory);

    public abstract Builder setSslEngineFactory(@Nullable SerializableFunction<Void, SslEngineFactory> factory);

    public abstract Builder setTls(@Nullable TlsSpec tls);

    public abstract Builder setConfigFile(@Nullable String path);

    public abstract Builder setExecutionProfile(@Nullable String profile);

    public abstract Builder setAmazonKeyspacesRegion(@Nullable String region);

    public abstract ConnectionSpec build();
  }
}
