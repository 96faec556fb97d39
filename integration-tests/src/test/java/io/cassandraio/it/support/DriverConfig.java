package io.cassandraio.it.support;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Driver 4 sessions for tests on a busy 2-core machine: generous timeouts, because a node that
 * was just killed or is compacting can make the default 2 s request timeout flaky.
 */
public final class DriverConfig {
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private DriverConfig() {}

  public static DriverConfigLoader testLoader() {
    return DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
        // Reconnect to a restarted node quickly instead of backing off up to a minute.
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
        .build();
  }

  /** A new session on these contact points; the caller closes it. */
  public static CqlSession newSession(List<InetSocketAddress> contactPoints, String localDatacenter) {
    return CqlSession.builder()
        .addContactPoints(contactPoints)
        .withLocalDatacenter(localDatacenter)
        .withConfigLoader(testLoader())
        .build();
  }
}
