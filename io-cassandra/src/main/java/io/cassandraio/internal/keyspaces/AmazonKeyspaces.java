package io.cassandraio.internal.keyspaces;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.auth.AuthProvider;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.internal.core.config.typesafe.DefaultDriverConfigLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cassandraio.internal.grouping.BatchLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Amazon Keyspaces (for Apache Cassandra): the endpoint and driver settings of the preset
 * {@code CassandraConnection.forAmazonKeyspaces(region)}, the service's limits the writer keeps
 * to, and how a session tells that it talks to Keyspaces. Facts from AWS's documentation (driver 4
 * configuration, quotas, functional differences); none of it can be run here without AWS.
 */
public final class AmazonKeyspaces {
  /** Keyspaces serves CQL over TLS only, on this port. */
  public static final int PORT = 9142;
  /**
   * Statements Keyspaces accepts in one batch: more fail with "Batches with more than 30
   * statements are not supported".
   */
  public static final int MAX_BATCH_STATEMENTS = 30;
  /** The only consistency Keyspaces acknowledges writes at (others fail). */
  public static final DefaultConsistencyLevel WRITE_CONSISTENCY = DefaultConsistencyLevel.LOCAL_QUORUM;
  /** The consistency levels Amazon Keyspaces serves reads at. */
  public static final java.util.Set<DefaultConsistencyLevel> READ_CONSISTENCIES = java.util.EnumSet.of(
      DefaultConsistencyLevel.ONE, DefaultConsistencyLevel.LOCAL_ONE, DefaultConsistencyLevel.LOCAL_QUORUM);
  /** The driver-4 SigV4 auth provider of AWS's plugin. */
  public static final String SIGV4_PROVIDER = "software.aws.mcs.auth.SigV4AuthProvider";
  /** The Maven artifact that holds {@link #SIGV4_PROVIDER} (its 4.x line is the one for driver 4). */
  public static final String SIGV4_ARTIFACT = "software.aws.mcs:aws-sigv4-auth-cassandra-java-driver-plugin";
  /** Keyspaces' own keyspace of table states and custom properties; Apache Cassandra has none. */
  public static final String SYSTEM_SCHEMA_MCS = "system_schema_mcs";

  // us-east-1, eu-central-2, ap-southeast-4, us-gov-west-1, cn-north-1 ...
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  private AmazonKeyspaces() {}

  /** Throws, naming the option, unless {@code region} looks like an AWS Region name. */
  public static void checkRegion(String option, @Nullable String region) {
    if (region == null || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(option + " needs an AWS Region name such as \"us-east-1\", was "
          + (region == null ? "null" : "\"" + region + "\""));
    }
  }

  /** The public service endpoint of {@code region} as {@code host:port} (China's Regions end in .com.cn). */
  public static String endpoint(String region) {
    return "cassandra." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "") + ":" + PORT;
  }

  /**
   * The preset's driver settings, as a layer between the user's configuration file (which wins)
   * and the writer's defaults. As in AWS's driver-4 examples:
   *
   * <ul>
   *   <li>writes at {@code LOCAL_QUORUM}, the only level Keyspaces acknowledges writes at;
   *   <li>TLS through the driver's {@code DefaultSslEngineFactory} without a trust store path, so
   *       the JDK's default trust store validates the server (Amazon's certificates chain to
   *       Amazon Root CA 1-4 and Starfield Class 2, which the JDK trusts), and without hostname
   *       validation: the driver connects to the nodes that {@code system.peers} lists by IP
   *       address, which the certificate does not name ({@code tls} false: the connection has
   *       TLS of its own);
   *   <li>SigV4 authentication with AWS's plugin, signing for {@code region} ({@code sigV4}
   *       false: the connection has credentials or an auth provider of its own).
   * </ul>
   */
  public static Config driverDefaults(String region, boolean tls, boolean sigV4) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(DefaultDriverOption.REQUEST_CONSISTENCY.getPath(), WRITE_CONSISTENCY.name());
    if (tls) {
      settings.put(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS.getPath(), "DefaultSslEngineFactory");
      settings.put(DefaultDriverOption.SSL_HOSTNAME_VALIDATION.getPath(), false);
    }
    if (sigV4) {
      settings.put(DefaultDriverOption.AUTH_PROVIDER_CLASS.getPath(), SIGV4_PROVIDER);
      settings.put("advanced.auth-provider.aws-region", region); // the plugin's own option
    }
    return ConfigFactory.parseMap(settings).atPath(DefaultDriverConfigLoader.DEFAULT_ROOT_PATH);
  }

  /**
   * Throws a message that names the artifact to add unless AWS's SigV4 plugin for driver 4 can
   * be loaded with {@code loader}. The plugin is an optional dependency of this library: the
   * driver loads it by class name from the configuration, and would otherwise fail with a bare
   * "can't find class".
   */
  public static void requireSigV4(ClassLoader loader, @Nullable String region) {
    Class<?> provider;
    try {
      provider = Class.forName(SIGV4_PROVIDER, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(sigV4Missing(region, "is not on the classpath"), e);
    }
    if (!AuthProvider.class.isAssignableFrom(provider)) {
      throw new IllegalStateException(sigV4Missing(region, "is not a driver-4 AuthProvider (the plugin's _3 "
          + "artifact is for driver 3)"));
    }
  }

  private static String sigV4Missing(@Nullable String region, String problem) {
    return (region == null ? "The driver configuration authenticates with AWS SigV4"
        : "CassandraConnection.forAmazonKeyspaces(\"" + region + "\") authenticates with AWS SigV4") + ", but "
        + SIGV4_PROVIDER + " " + problem + ". Add the Maven dependency " + SIGV4_ARTIFACT + " (its 4.x line, "
        + "for driver 4; this library is built and unit-tested with 4.0.9), or use service-specific credentials instead: "
        + ".withCredentials(user, password)";
  }

  /** {@code limits} with at most {@link #MAX_BATCH_STATEMENTS} statements per batch. */
  public static BatchLimits capped(BatchLimits limits) {
    return limits.maxRows() <= MAX_BATCH_STATEMENTS ? limits : limits.withMaxRows(MAX_BATCH_STATEMENTS);
  }

  /**
   * Whether {@code session} talks to Amazon Keyspaces, told by its {@value #SYSTEM_SCHEMA_MCS}
   * keyspace. Asked of the server: the driver's schema metadata leaves out system keyspaces by
   * default. One query; callers keep the answer per session.
   */
  public static boolean detect(CqlSession session) {
    return session.execute(SimpleStatement.newInstance(
            "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", SYSTEM_SCHEMA_MCS))
        .one() != null;
  }
}
