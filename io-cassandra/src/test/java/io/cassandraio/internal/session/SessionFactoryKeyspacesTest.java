package io.cassandraio.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.auth.AuthProvider;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.session.ProgrammaticArguments;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import com.datastax.oss.driver.internal.core.context.DefaultDriverContext;
import com.datastax.oss.driver.internal.core.ssl.DefaultSslEngineFactory;
import io.cassandraio.internal.keyspaces.AmazonKeyspaces;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The driver configuration of the Amazon Keyspaces preset, as the driver itself reads and builds
 * it (its context builds the auth provider and TLS engine factory from the configuration without
 * connecting anywhere). What cannot run here: a handshake with Keyspaces.
 */
public class SessionFactoryKeyspacesTest {
  @Rule public TemporaryFolder dir = new TemporaryFolder();

  private static ConnectionSpec preset(String region) {
    return ConnectionSpec.empty().toBuilder().setContactPoints(List.of(AmazonKeyspaces.endpoint(region)))
        .setLocalDatacenter(region).setAmazonKeyspacesRegion(region).build();
  }

  private static DriverConfigLoader loader(ConnectionSpec spec, @Nullable String configFile) {
    return SessionFactory.configLoader(configFile, SessionFactory.class.getClassLoader(),
        SessionFactory.presetDefaults(spec));
  }

  private static DriverExecutionProfile profile(ConnectionSpec spec, @Nullable String configFile) {
    try (DriverConfigLoader loader = loader(spec, configFile)) {
      return loader.getInitialConfig().getDefaultProfile();
    }
  }

  @Test
  public void tlsWithTheJdkTrustStoreAndLocalQuorumAndSigV4ForTheRegion() {
    ConnectionSpec spec = preset("eu-west-1");
    assertEquals(List.of("cassandra.eu-west-1.amazonaws.com:9142"), spec.contactPoints());
    DriverExecutionProfile p = profile(spec, null);
    assertEquals("LOCAL_QUORUM", p.getString(DefaultDriverOption.REQUEST_CONSISTENCY));
    assertEquals("DefaultSslEngineFactory", p.getString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS));
    assertFalse("no trust store of its own: the JDK's default one",
        p.isDefined(DefaultDriverOption.SSL_TRUSTSTORE_PATH));
    assertFalse("as AWS configures driver 4: peers are reached by IP address",
        p.getBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION));
    assertEquals(AmazonKeyspaces.SIGV4_PROVIDER, p.getString(DefaultDriverOption.AUTH_PROVIDER_CLASS));
    assertEquals("eu-west-1", p.getString(() -> "advanced.auth-provider.aws-region"));
    assertEquals("the writer's own defaults stay", WriterRetryPolicy.class.getName(),
        p.getString(DefaultDriverOption.RETRY_POLICY_CLASS));
  }

  @Test
  public void theDriverBuildsTheSigV4ProviderAndADefaultTrustStoreTlsEngineFromIt() throws Exception {
    try (DriverConfigLoader loader = loader(preset("us-east-1"), null)) {
      DefaultDriverContext context = new DefaultDriverContext(loader, ProgrammaticArguments.builder().build());
      AuthProvider auth = context.getAuthProvider().orElseThrow();
      assertEquals(AmazonKeyspaces.SIGV4_PROVIDER, auth.getClass().getName());
      SslEngineFactory tls = context.getSslEngineFactory().orElseThrow();
      assertTrue(tls.getClass().getName(), tls instanceof DefaultSslEngineFactory);
      auth.close();
      tls.close();
    }
  }

  @Test
  public void credentialsOrAnAuthProviderOfTheUsersReplaceSigV4() {
    ConnectionSpec withCredentials = preset("us-east-1").toBuilder().setUsername("alice-at-1").setPassword("p").build();
    DriverExecutionProfile p = profile(withCredentials, null);
    assertFalse(p.isDefined(DefaultDriverOption.AUTH_PROVIDER_CLASS));
    assertEquals("TLS stays", "DefaultSslEngineFactory", p.getString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS));
    withCredentials.validate(); // needs no plugin
  }

  @Test
  public void aConfigFileWinsOverThePreset() throws Exception {
    File f = dir.newFile("driver.conf");
    Files.writeString(f.toPath(), "datastax-java-driver.advanced.ssl-engine-factory.truststore-path = /etc/ks.jks\n"
        + "datastax-java-driver.advanced.connection.pool.local.size = 3\n");
    DriverExecutionProfile p = profile(preset("us-east-1"), f.getAbsolutePath());
    assertEquals("/etc/ks.jks", p.getString(DefaultDriverOption.SSL_TRUSTSTORE_PATH));
    assertEquals(3, p.getInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE));
    assertEquals("the rest of the preset stays", "LOCAL_QUORUM", p.getString(DefaultDriverOption.REQUEST_CONSISTENCY));
  }

  @Test
  public void thePresetGetsASessionOfItsOwn() {
    ConnectionSpec sameEndpointNoPreset = preset("us-east-1").toBuilder().setAmazonKeyspacesRegion(null).build();
    assertNotEquals("different driver settings, so different sessions",
        sameEndpointNoPreset.sessionKey(), preset("us-east-1").sessionKey());
  }

  @Test
  public void otherConnectionsGetNoneOfIt() {
    ConnectionSpec plain = ConnectionSpec.empty().toBuilder().setContactPoints(List.of("h:9042"))
        .setLocalDatacenter("dc1").build();
    DriverExecutionProfile p = profile(plain, null);
    assertEquals("LOCAL_ONE", p.getString(DefaultDriverOption.REQUEST_CONSISTENCY)); // the driver's reference
    assertFalse(p.isDefined(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS));
    assertFalse(p.isDefined(DefaultDriverOption.AUTH_PROVIDER_CLASS));
  }

  @Test
  public void withoutThePluginTheErrorNamesTheArtifactToAdd() throws Exception {
    // A class loader that sees the JDK only: as a project without the optional plugin.
    try (URLClassLoader withoutPlugin = new URLClassLoader(new URL[0], null)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> AmazonKeyspaces.requireSigV4(withoutPlugin, "us-east-1"));
      assertEquals("CassandraConnection.forAmazonKeyspaces(\"us-east-1\") authenticates with AWS SigV4, but "
          + "software.aws.mcs.auth.SigV4AuthProvider is not on the classpath. Add the Maven dependency "
          + "software.aws.mcs:aws-sigv4-auth-cassandra-java-driver-plugin (its 4.x line, for driver 4; this library "
          + "is built and unit-tested with 4.0.9), or use service-specific credentials instead: .withCredentials(user, password)",
          e.getMessage());
    }
    AmazonKeyspaces.requireSigV4(getClass().getClassLoader(), "us-east-1"); // here it is present
  }
}
