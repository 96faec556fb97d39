package io.cassandraio.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SessionFactoryTest {
  @Rule public TemporaryFolder dir = new TemporaryFolder();

  private static DriverExecutionProfile profile(String configFile) {
    try (DriverConfigLoader loader = SessionFactory.configLoader(configFile, SessionFactory.class.getClassLoader())) {
      return loader.getInitialConfig().getDefaultProfile();
    }
  }

  private String file(String content) throws Exception {
    File f = dir.newFile("driver.conf");
    Files.writeString(f.toPath(), content);
    return f.getAbsolutePath();
  }

  @Test
  public void requestTimeoutDefaultsTo30SecondsNotTheDrivers2() {
    assertEquals(Duration.ofSeconds(30), profile(null).getDuration(DefaultDriverOption.REQUEST_TIMEOUT));
  }

  @Test
  public void aConfigFileThatSetsTheTimeoutWins() throws Exception {
    String f = file("datastax-java-driver.basic.request.timeout = 5 seconds");
    assertEquals(Duration.ofSeconds(5), profile(f).getDuration(DefaultDriverOption.REQUEST_TIMEOUT));
  }

  @Test
  public void aConfigFileThatSetsOtherOptionsKeepsTheWriterDefaultAndTheDriverReference() throws Exception {
    String f = file("datastax-java-driver.basic.request.page-size = 123");
    DriverExecutionProfile p = profile(f);
    assertEquals(123, p.getInt(DefaultDriverOption.REQUEST_PAGE_SIZE));
    assertEquals(Duration.ofSeconds(30), p.getDuration(DefaultDriverOption.REQUEST_TIMEOUT));
    assertEquals("LOCAL_ONE", p.getString(DefaultDriverOption.REQUEST_CONSISTENCY)); // from reference.conf
  }

  @Test
  public void nettyGroupsShutDownWithA200MillisecondQuietPeriod() {
    DriverExecutionProfile p = profile(null);
    for (DefaultDriverOption[] group : new DefaultDriverOption[][] {
        {DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, DefaultDriverOption.NETTY_IO_SHUTDOWN_TIMEOUT,
            DefaultDriverOption.NETTY_IO_SHUTDOWN_UNIT},
        {DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_TIMEOUT,
            DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_UNIT}}) {
      assertEquals(200, p.getInt(group[0]));
      assertEquals(15_000, p.getInt(group[1]));
      assertEquals("MILLISECONDS", p.getString(group[2]));
    }
  }

  @Test
  public void aConfigFileThatSetsPartOfAGroupsShutdownKeepsTheDriversSecondsForThatGroup() throws Exception {
    String f = file("datastax-java-driver.advanced.netty.admin-group.shutdown.timeout = 20");
    DriverExecutionProfile p = profile(f);
    assertEquals(20, p.getInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_TIMEOUT));
    assertEquals("the unit stays the driver's", "SECONDS", p.getString(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_UNIT));
    assertEquals(2, p.getInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD));
    assertEquals("the other group keeps ours", "MILLISECONDS",
        p.getString(DefaultDriverOption.NETTY_IO_SHUTDOWN_UNIT));
  }

  @Test
  public void theRetryPolicyDefaultsToTheWritersWhichLeavesRetriesToTheWriter() {
    assertEquals(WriterRetryPolicy.class.getName(), profile(null).getString(DefaultDriverOption.RETRY_POLICY_CLASS));
  }

  @Test
  public void aConfigFileThatSetsTheRetryPolicyWins() throws Exception {
    String f = file("datastax-java-driver.advanced.retry-policy.class = DefaultRetryPolicy");
    DriverExecutionProfile p = profile(f);
    assertEquals("DefaultRetryPolicy", p.getString(DefaultDriverOption.RETRY_POLICY_CLASS));
    assertEquals("the writer's other default stays", Duration.ofSeconds(30), p.getDuration(DefaultDriverOption.REQUEST_TIMEOUT));
  }

  @Test
  public void aConfigFileThatSetsOtherOptionsKeepsTheWriterRetryPolicy() throws Exception {
    String f = file("datastax-java-driver.basic.request.timeout = 5 seconds");
    assertEquals(WriterRetryPolicy.class.getName(), profile(f).getString(DefaultDriverOption.RETRY_POLICY_CLASS));
  }

  @Test
  public void aContextClassLoaderThatSeesThisDriverIsTheSessions() throws Exception {
    // Flink's user-code class loader: a child of the loader that holds the job jar.
    try (URLClassLoader userCode = new URLClassLoader(new URL[0], SessionFactory.class.getClassLoader())) {
      assertSame(userCode, withContextLoader(userCode));
    }
  }

  @Test
  public void aContextClassLoaderThatCannotSeeThisDriverIsNotUsed() throws Exception {
    try (URLClassLoader elsewhere = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      assertSame(CqlSession.class.getClassLoader(), withContextLoader(elsewhere));
    }
    assertSame(CqlSession.class.getClassLoader(), withContextLoader(null));
  }

  private static ClassLoader withContextLoader(ClassLoader context) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(context);
    try {
      return SessionFactory.userClassLoader();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
