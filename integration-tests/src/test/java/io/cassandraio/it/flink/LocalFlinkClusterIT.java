package io.cassandraio.it.flink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.cassandraio.localflink.FlinkClusterRule;
import io.cassandraio.localflink.FlinkClusterSpec;
import io.cassandraio.localflink.LocalFlinkCluster;
import io.cassandraio.localflink.LocalFlinkException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.ExternalResource;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Flink launcher against a real standalone session cluster (1 JobManager, 2 TaskManagers
 * x 2 slots on 127.0.40.1): registration, SIGKILL and restart of a TaskManager, metrics, jcmd GC,
 * the errors for a taken REST port and for a job whose main throws, a job's savepoint / stop /
 * restore / cancel cycle, and that close() leaves no JVM.
 */
public class LocalFlinkClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkClusterIT.class);
  private static final String HOST = "127.0.40.1";
  private static final Duration GONE_FROM_REST = Duration.ofSeconds(30);

  private static final TemporaryFolder TMP = new TemporaryFolder();
  private static final FlinkClusterRule FLINK = new FlinkClusterRule(
      FlinkClusterSpec.defaults().withHost(HOST).withStartTimeout(Duration.ofSeconds(150))
          // Under target/, so the logs of a failed run can be read afterwards.
          .withWorkDir(Path.of("target", "local-flink-it")));
  private static final List<Long> STARTED_PIDS = new ArrayList<>();

  /** Outermost: after the rule has closed the cluster, every process it ever started must be gone. */
  private static final ExternalResource NOTHING_LEFT = new ExternalResource() {
    @Override
    protected void after() {
      for (long pid : STARTED_PIDS) {
        assertFalse("PID " + pid + " of the local Flink cluster outlived close()",
            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      }
    }
  };

  @ClassRule
  public static final TestRule RULES = RuleChain.outerRule(TMP).around(NOTHING_LEFT).around(FLINK);

  /** Class rules run right after class initialisation, so this times the cluster's start. */
  private static final long CLASS_LOADED = System.nanoTime();

  @BeforeClass
  public static void reportStart() {
    LocalFlinkCluster cluster = FLINK.cluster();
    LOG.info("Local Flink cluster up in {} s: {}",
        String.format("%.1f", (System.nanoTime() - CLASS_LOADED) / 1e9), cluster);
    recordPids(cluster);
  }

  private static synchronized void recordPids(LocalFlinkCluster cluster) {
    STARTED_PIDS.add(cluster.jobManagerPid());
    for (int n = 1; n <= cluster.taskManagerCount(); n++) {
      STARTED_PIDS.add(cluster.taskManagerPid(n));
    }
  }

  @Test
  public void everyTaskManagerRegistersItsSlots() {
    LocalFlinkCluster cluster = FLINK.cluster();
    List<String> tms = cluster.registeredTaskManagers();
    assertEquals(tms.toString(), 2, tms.size());
    assertTrue(tms.toString(), tms.stream().anyMatch(t -> t.startsWith("taskmanager-1 (2 slots")));
    assertTrue(tms.toString(), tms.stream().anyMatch(t -> t.startsWith("taskmanager-2 (2 slots")));
    assertEquals("http://" + HOST + ":" + cluster.flinkMaster().split(":")[1], cluster.restUrl());
  }

  @Test
  public void aKilledTaskManagerLeavesAndARestartedOneRegistersAgain() {
    LocalFlinkCluster cluster = FLINK.cluster();
    long before = cluster.taskManagerPid(1);

    cluster.killTaskManager(1);

    assertFalse("PID " + before + " still alive after killTaskManager(1)",
        ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false));
    awaitRegisteredTaskManagers(cluster, 1);
    assertEquals(List.of("taskmanager-2"), cluster.registeredTaskManagers().stream().map(t -> t.split(" ")[0]).toList());

    long restartStarted = System.nanoTime();
    cluster.restartTaskManager(1);
    LOG.info("taskmanager-1 restarted and registered in {} s", String.format("%.1f", (System.nanoTime() - restartStarted) / 1e9));

    recordPids(cluster);
    assertNotEquals(before, cluster.taskManagerPid(1));
    assertEquals(2, cluster.registeredTaskManagerCount());
  }

  @Test
  public void metricsAreReadableAndGcRunsOnATaskManager() {
    LocalFlinkCluster cluster = FLINK.cluster();
    String threads = "Status.JVM.Threads.Count";
    String loaded = "Status.JVM.ClassLoader.ClassesLoaded";
    String unloaded = "Status.JVM.ClassLoader.ClassesUnloaded";

    Map<String, Long> metrics = cluster.taskManagerMetrics(2, threads, loaded, unloaded);

    assertThat(metrics, hasKey(unloaded));
    assertThat(metrics.get(threads), greaterThan(10L));
    assertThat(metrics.get(loaded), greaterThan(1000L));
    cluster.gcTaskManager(2); // throws unless jcmd exits 0
    assertThrows(IllegalArgumentException.class, () -> cluster.taskManagerMetrics(3, threads));
  }

  @Test
  public void aSecondClusterOnATakenRestPortFailsNamingThePort() throws IOException {
    LocalFlinkCluster cluster = FLINK.cluster();
    int port = Integer.parseInt(cluster.flinkMaster().split(":")[1]);
    FlinkClusterSpec clash = FlinkClusterSpec.defaults().withHost(HOST).withRestPort(port)
        .withWorkDir(TMP.newFolder("clash").toPath());

    LocalFlinkException e = assertThrows(LocalFlinkException.class, () -> LocalFlinkCluster.start(clash).close());

    assertThat(e.getMessage(), containsString("Port " + port + " on " + HOST + " is already in use"));
    assertThat(e.getMessage(), containsString("REST port"));
  }

  @Test
  public void aJobWhoseMainThrowsFailsWithThatException() throws Exception {
    LocalFlinkCluster cluster = FLINK.cluster();
    Path jar = jarWithThrowingMain(TMP.newFolder("thrower").toPath());

    LocalFlinkException e = assertThrows(LocalFlinkException.class,
        () -> cluster.submit(jar, "localflinkit.Thrower", List.of("--x=1"), 1, null));

    assertThat(e.getMessage(), containsString("local-flink IT: main refuses to build a pipeline"));
    assertThat(e.getMessage(), containsString("localflinkit.Thrower"));
    assertThat(e.getMessage(), containsString(jar.toString()));

    LocalFlinkException missing = assertThrows(LocalFlinkException.class,
        () -> cluster.submit(jar, "localflinkit.NoSuchMain", List.of(), 1, null));
    assertThat(missing.getMessage(), containsString("'localflinkit.NoSuchMain' was not found in the jar"));
    assertThat(cluster.runningJobs(), empty());
  }

  @Test
  public void aJobRunsTakesSavepointsStopsRestoresAndCancels() throws Exception {
    LocalFlinkCluster cluster = FLINK.cluster();
    Path jar = jarOf(TMP.newFolder("ticker").toPath(), "localflinkit", "Ticker", TICKER_SOURCE, true);
    Duration timeout = Duration.ofSeconds(60);

    String job = cluster.submit(jar, "localflinkit.Ticker", List.of(), 2, null);
    try {
      runSavepointCycle(cluster, jar, job, timeout);
    } finally {
      for (String running : cluster.runningJobs()) {
        cluster.cancel(running); // the other tests share this cluster
      }
    }
  }

  private static void runSavepointCycle(LocalFlinkCluster cluster, Path jar, String job, Duration timeout) {
    cluster.awaitJobState(job, timeout, "RUNNING");
    assertEquals(List.of(job), cluster.runningJobs());
    String savepoint = cluster.triggerSavepoint(job, timeout);
    assertTrue(savepoint, Files.isDirectory(Path.of(java.net.URI.create(savepoint))));
    assertEquals("RUNNING", cluster.jobState(job));

    String stopped = cluster.stopWithSavepoint(job, timeout);
    assertThat(stopped, containsString(cluster.savepointDir().toString()));
    assertEquals("FINISHED", cluster.awaitJobState(job, timeout, "FINISHED"));

    String restored = cluster.submit(jar, "localflinkit.Ticker", List.of(), 2, stopped);
    cluster.awaitJobState(restored, timeout, "RUNNING");
    cluster.cancel(restored);
    assertEquals("CANCELED", cluster.jobState(restored));
    assertThat(cluster.runningJobs(), empty());
  }

  /** An endless, slow DataStream job with checkpoints, for savepoints; Flink comes from the cluster. */
  private static final String TICKER_SOURCE = "package localflinkit;\n"
      + "import org.apache.flink.api.common.functions.MapFunction;\n"
      + "import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;\n"
      + "import org.apache.flink.streaming.api.functions.sink.DiscardingSink;\n"
      + "public class Ticker {\n"
      + "  public static void main(String[] args) throws Exception {\n"
      + "    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();\n"
      + "    env.enableCheckpointing(1000);\n"
      + "    env.fromSequence(0, Long.MAX_VALUE).uid(\"seq\").map(new Slow()).uid(\"slow\")\n"
      + "        .addSink(new DiscardingSink<>()).uid(\"sink\");\n"
      + "    env.execute(\"local-flink IT ticker\");\n"
      + "  }\n"
      + "  public static class Slow implements MapFunction<Long, Long> {\n"
      + "    @Override public Long map(Long x) throws Exception { Thread.sleep(20); return x; }\n"
      + "  }\n"
      + "}\n";

  private static void awaitRegisteredTaskManagers(LocalFlinkCluster cluster, int expected) {
    long deadline = System.nanoTime() + GONE_FROM_REST.toNanos();
    while (cluster.registeredTaskManagerCount() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Expected " + expected + " TaskManagers within " + GONE_FROM_REST
            + ", REST lists " + cluster.registeredTaskManagers());
      }
      sleep(200);
    }
  }

  /** A jar with one class whose main throws, compiled here with the JDK's compiler. */
  private static Path jarWithThrowingMain(Path dir) throws IOException {
    return jarOf(dir, "localflinkit", "Thrower", "package localflinkit;\n"
        + "public class Thrower {\n"
        + "  public static void main(String[] args) {\n"
        + "    throw new IllegalStateException(\"local-flink IT: main refuses to build a pipeline\");\n"
        + "  }\n"
        + "}\n", false);
  }

  /**
   * Compiles {@code source} with the JDK's compiler (against this test's classpath, which holds
   * Flink's APIs through Beam's Flink runner, when {@code needsFlink}) and jars every class it makes.
   */
  private static Path jarOf(Path dir, String pkg, String name, String source, boolean needsFlink) throws IOException {
    Path src = dir.resolve("src/" + pkg + "/" + name + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
    if (needsFlink) {
      args.addAll(List.of("-cp", System.getProperty("java.class.path")));
    }
    args.add(src.toString());
    assertEquals("javac of " + src, 0, javac.run(null, null, null, args.toArray(String[]::new)));
    Path jar = dir.resolve(name.toLowerCase() + ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
        java.util.stream.Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        jarOut.write(Files.readAllBytes(file));
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
