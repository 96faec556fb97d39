package io.cassandraio.it.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cassandraio.examples.turbine.SensorSimulation;
import io.cassandraio.examples.turbine.WindTurbineJob;
import io.cassandraio.it.support.ChildProcess;
import io.cassandraio.it.support.JobJar;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.TurbineRows;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The examples' shaded job jar ({@code examples-<version>-job.jar}) is what a Flink cluster gets:
 * it must leave Flink to the cluster, keep Beam's registrars and the driver's defaults, and run.
 * The run is a child JVM with only the job jar and the Flink jars on its classpath, as inside a
 * cluster, on a local Flink ({@code --flinkMaster=[local]}) writing to the shared node.
 */
public class JobJarIT {
  private static final int TURBINES = 2;
  private static final int MINUTES = 30;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  @ClassRule public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("job_jar_it");

  @Test
  public void leavesFlinkToTheCluster() {
    List<String> flinkClasses = JobJar.entriesUnder(JobJar.path(), "org/apache/flink/");
    assertEquals("Flink's own classes in the job jar (the cluster provides them); first ones: "
        + flinkClasses.stream().limit(5).collect(Collectors.toList()), 0, flinkClasses.size());
    assertTrue("Beam's Flink runner is missing from the job jar",
        !JobJar.entriesUnder(JobJar.path(), "org/apache/beam/runners/flink/FlinkRunner.class").isEmpty());
    assertEquals("an slf4j binding in the job jar (Flink provides one)", List.of(),
        JobJar.entriesUnder(JobJar.path(), "org/slf4j/simple/"));
    assertEquals("Cassandra server classes in the job jar", List.of(),
        JobJar.entriesUnder(JobJar.path(), "org/apache/cassandra/"));
  }

  @Test
  public void mergesBeamRegistrarsAndTheDriverDefaults() throws IOException {
    String optionRegistrars = JobJar.entryText(JobJar.path(),
        "META-INF/services/org.apache.beam.sdk.options.PipelineOptionsRegistrar");
    assertTrue("Flink's options registrar is not among the job jar's:\n" + optionRegistrars,
        optionRegistrars.contains("org.apache.beam.runners.flink.FlinkRunnerRegistrar$Options"));
    assertTrue("the SDK's options registrar is not among the job jar's (services were not merged):\n"
        + optionRegistrars, optionRegistrars.contains("org.apache.beam.sdk.options.DefaultPipelineOptionsRegistrar"));
    String runnerRegistrars = JobJar.entryText(JobJar.path(),
        "META-INF/services/org.apache.beam.sdk.runners.PipelineRunnerRegistrar");
    assertTrue("Flink's runner registrar is not among the job jar's:\n" + runnerRegistrars,
        runnerRegistrars.contains("org.apache.beam.runners.flink.FlinkRunnerRegistrar$Runner"));

    String driverDefaults = driverReferenceConf();
    assertTrue("the job jar's reference.conf lacks the driver's defaults (java-driver-core's reference.conf)",
        JobJar.entryText(JobJar.path(), "reference.conf").contains(driverDefaults.strip()));
  }

  @Test
  public void runsOnFlinkWithOnlyTheFlinkJarsBesideIt() throws Exception {
    Path log = Path.of("target", "job-jar-it", "run.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(jdk17Opens().split("\\s+")));
    command.addAll(List.of("-Xmx768m", "-cp", JobJar.path() + File.pathSeparator + JobJar.flinkClasspath(),
        WindTurbineJob.class.getName(),
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2",
        "--cassandraContactPoints=" + contactPoints(), "--localDatacenter=" + SharedCassandra.localDatacenter(),
        "--keyspace=" + KEYSPACE.name(), "--turbines=" + TURBINES, "--minutes=" + MINUTES));
    String output = ChildProcess.run(command, Path.of("."), log, RUN_TIMEOUT)
        .assertSucceeded("the job jar's run on a local Flink").output();
    assertTrue("the run did not use the named Cassandra; its output:\n" + output,
        output.contains("(--cassandraContactPoints)"));

    // The job checked its own rows; check them here too, independently of its mapper.
    SensorSimulation simulation = new SensorSimulation(TURBINES, Instant.parse("2026-06-01T12:00:00Z"),
        Duration.ofMinutes(MINUTES), Duration.ofSeconds(5), 42);
    CqlSession session = KEYSPACE.session();
    TurbineRows.assertSameRows(TurbineRows.expected(simulation.events()), TurbineRows.readAll(session, KEYSPACE.name()));
  }

  private static String contactPoints() {
    return SharedCassandra.contactPoints().stream()
        .map(a -> a.getHostString() + ":" + a.getPort())
        .collect(Collectors.joining(","));
  }

  /** The parent pom's JDK 17 flags, handed over by failsafe (one list for every JVM the project starts). */
  private static String jdk17Opens() {
    String opens = System.getProperty("jdk17.opens", "").strip();
    if (opens.isEmpty()) {
      throw new IllegalStateException("system property jdk17.opens is not set; failsafe's systemPropertyVariables "
          + "in integration-tests/pom.xml pass the parent pom's jdk17.opens");
    }
    return opens;
  }

  /** java-driver-core's own reference.conf, from the driver jar on this test's classpath. */
  private static String driverReferenceConf() throws IOException {
    Path driverJar = Path.of(uncheckedUri(CqlSession.class));
    try (JarFile jar = new JarFile(driverJar.toFile());
        InputStream in = jar.getInputStream(jar.getEntry("reference.conf"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static URI uncheckedUri(Class<?> type) {
    try {
      return type.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("no jar location for " + type, e);
    }
  }
}
