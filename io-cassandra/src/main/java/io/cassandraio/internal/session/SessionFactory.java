package io.cassandraio.internal.session;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.internal.core.config.typesafe.DefaultDriverConfigLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.cassandraio.internal.keyspaces.AmazonKeyspaces;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Builds a driver-4 {@link CqlSession} from a {@link ConnectionSpec}. */
final class SessionFactory {
  /**
   * Defaults of a bulk writer where they differ from the driver's:
   *
   * <ul>
   *   <li>request timeout 30 s: the driver's 2 s equals Cassandra's own write timeout; on a loaded
   *       cluster it times out requests that were about to succeed, and a counter update that
   *       times out cannot be retried, so the bundle fails and the runner replays it (30 s is
   *       what the DataStax Kafka sink uses);
   *   <li>{@link WriterRetryPolicy}: the writer retries writes itself, so the driver must not;
   *   <li>a Netty quiet period of 200 ms, not 2 s, when a session closes ({@link #NETTY_SHUTDOWN},
   *       for each group whose {@code shutdown} the user leaves alone): a session counts against
   *       the driver's "too many session instances" warning until its event loops stopped, and the
   *       2 s made pipelines run back to back in one JVM trip it with sessions already closed. Not 0:
   *       the driver adds a listener to its close task after submitting it to the admin loop, and a
   *       loop with no quiet period can be gone by then (an ERROR "event executor terminated").
   * </ul>
   */
  static final Config WRITER_DEFAULTS = ConfigFactory.parseString("basic.request.timeout = 30 seconds\n"
          + "advanced.retry-policy.class = " + WriterRetryPolicy.class.getName())
      .atPath(DefaultDriverConfigLoader.DEFAULT_ROOT_PATH);

  /**
   * The shutdown of a Netty group in milliseconds. Only as a whole: merged under a user's own
   * {@code shutdown.timeout = 15} (seconds, as the driver documents it) its unit would turn that
   * into 15 ms.
   */
  static final String NETTY_SHUTDOWN = "{ quiet-period = 200, timeout = 15000, unit = MILLISECONDS }";

  private SessionFactory() {}

  static CqlSession open(ConnectionSpec connection) {
    String configFile = connection.configFile();
    if (configFile != null && !Files.isReadable(Path.of(configFile))) {
      // The driver's config library would take a missing file for an empty one, silently.
      throw new IllegalArgumentException("withConfigFile: cannot read " + configFile + " on this worker (the file "
          + "must be readable at this path on every worker)");
    }
    ClassLoader classLoader = userClassLoader();
    DriverConfigLoader config = configLoader(connection.configFile(), classLoader, presetDefaults(connection));
    requireAuthProviderClass(connection, config, classLoader);
    CqlSessionBuilder builder = CqlSession.builder().withClassLoader(classLoader).withConfigLoader(config);
    for (String point : connection.contactPoints()) {
      int colon = point.lastIndexOf(':');
      builder.addContactPoint(
          new InetSocketAddress(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1))));
    }
    if (connection.localDatacenter() != null) {
      builder.withLocalDatacenter(connection.localDatacenter());
    }
    if (connection.keyspace() != null) {
      builder.withKeyspace(connection.keyspace());
    }
    if (connection.username() != null) {
      builder.withAuthCredentials(connection.username(), connection.password());
    }
    if (connection.authProviderFactory() != null) {
      builder.withAuthProvider(connection.authProviderFactory().apply(null));
    }
    if (connection.sslEngineFactory() != null) {
      builder.withSslEngineFactory(connection.sslEngineFactory().apply(null));
    }
    if (connection.tls() != null) {
      builder.withSslEngineFactory(new TlsEngineFactory(connection.tls()));
    }
    CqlSession session = builder.build();
    try {
      checkLocalDatacenter(session, connection);
    } catch (RuntimeException e) {
      session.closeAsync();
      throw e;
    }
    return session;
  }

  /**
   * The driver accepts a local datacenter that no node has and then finds "no node available" for
   * every request, with the datacenter named only in a separate log line.
   */
  static void checkLocalDatacenter(CqlSession session, ConnectionSpec connection) {
    String local = connection.localDatacenter() != null ? connection.localDatacenter()
        : session.getContext().getConfig().getDefaultProfile()
            .getString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, null);
    Set<String> datacenters = new TreeSet<>();
    session.getMetadata().getNodes().values().forEach(n -> datacenters.add(String.valueOf(n.getDatacenter())));
    if (local != null && !datacenters.isEmpty() && !datacenters.contains(local)) {
      throw new IllegalArgumentException("withLocalDatacenter(\"" + local + "\"): the cluster at "
          + connection.contactPoints() + " has no datacenter named '" + local + "'; its datacenters are "
          + datacenters + ". Driver 4 sends requests only to nodes of the local datacenter.");
    }
  }

  /**
   * The class loader the driver loads its policies, codecs and {@code application.conf} with.
   *
   * <p>On a Flink cluster the job jar is loaded child-first by a user-code class loader per job; the
   * thread that opens the session has it as its context class loader. Left to itself the driver
   * resolves classes through whatever context class loader its own threads happen to carry, which
   * may be another job's (or Flink's) and then loads a second copy of its classes or none. The
   * context loader is used only if it sees this very driver; otherwise the loader of this library.
   */
  static ClassLoader userClassLoader() {
    ClassLoader own = CqlSession.class.getClassLoader();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context == null || context == own) {
      return own;
    }
    try {
      return Class.forName(CqlSession.class.getName(), false, context) == CqlSession.class ? context : own;
    } catch (ClassNotFoundException | LinkageError e) {
      return own;
    }
  }

  /** The driver settings of a preset ({@code forAmazonKeyspaces}); none for other connections. */
  static Config presetDefaults(ConnectionSpec connection) {
    String region = connection.amazonKeyspacesRegion();
    return region == null ? ConfigFactory.empty()
        : AmazonKeyspaces.driverDefaults(region,
            connection.sslEngineFactory() == null && connection.tls() == null, connection.usesSigV4());
  }

  /** SigV4 configured (by the preset or the user's file) but its optional plugin missing: say which artifact. */
  private static void requireAuthProviderClass(ConnectionSpec connection, DriverConfigLoader config,
      ClassLoader classLoader) {
    if (connection.username() != null || connection.authProviderFactory() != null) {
      return; // a programmatic provider wins over the configured one
    }
    var profile = config.getInitialConfig().getDefaultProfile();
    if (profile.isDefined(DefaultDriverOption.AUTH_PROVIDER_CLASS)
        && AmazonKeyspaces.SIGV4_PROVIDER.equals(profile.getString(DefaultDriverOption.AUTH_PROVIDER_CLASS))) {
      AmazonKeyspaces.requireSigV4(classLoader, connection.amazonKeyspacesRegion());
    }
  }

  static DriverConfigLoader configLoader(@Nullable String configFile, ClassLoader classLoader) {
    return configLoader(configFile, classLoader, ConfigFactory.empty());
  }

  /**
   * The driver's usual layers (system properties, then the user's file or {@code application.conf},
   * then {@code reference.conf}) with {@code preset} and then {@link #WRITER_DEFAULTS} between the
   * user's settings and the driver's reference: whatever the user configures wins.
   */
  static DriverConfigLoader configLoader(@Nullable String configFile, ClassLoader classLoader, Config preset) {
    return new DefaultDriverConfigLoader(() -> {
      ConfigFactory.invalidateCaches();
      Config user = configFile == null
          ? ConfigFactory.defaultApplication(ConfigParseOptions.defaults().setClassLoader(classLoader))
          : ConfigFactory.parseFileAnySyntax(new File(configFile));
      Config chosen = ConfigFactory.defaultOverrides().withFallback(user).withFallback(preset);
      Config defaults = WRITER_DEFAULTS;
      for (String group : new String[] {"io-group", "admin-group"}) {
        String path = DefaultDriverConfigLoader.DEFAULT_ROOT_PATH + ".advanced.netty." + group + ".shutdown";
        if (!sets(chosen, path)) {
          defaults = defaults.withFallback(ConfigFactory.parseString(path + " " + NETTY_SHUTDOWN));
        }
      }
      return chosen.withFallback(defaults)
          .withFallback(ConfigFactory.defaultReference(CqlSession.class.getClassLoader())).resolve()
          .getConfig(DefaultDriverConfigLoader.DEFAULT_ROOT_PATH);
    });
  }

  /** Whether {@code config} says anything at {@code path} (a substitution not resolved yet counts). */
  private static boolean sets(Config config, String path) {
    try {
      return config.hasPathOrNull(path);
    } catch (com.typesafe.config.ConfigException e) {
      return true;
    }
  }
}
