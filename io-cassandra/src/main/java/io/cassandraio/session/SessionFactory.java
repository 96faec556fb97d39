package io.cassandraio.session;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.cassandraio.CassandraConnection;
import java.io.File;
import java.net.InetSocketAddress;

/** Builds a driver-4 {@link CqlSession} from a {@link CassandraConnection}. */
final class SessionFactory {
  private SessionFactory() {}

  static CqlSession open(CassandraConnection connection) {
    CqlSessionBuilder builder = CqlSession.builder();
    if (connection.configFile() != null) {
      builder.withConfigLoader(DriverConfigLoader.fromFile(new File(connection.configFile())));
    }
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
    return builder.build();
  }
}
