package io.cassandraio.it.examples;

import static org.junit.Assert.assertEquals;

import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.it.support.ChildProcess;
import io.cassandraio.it.support.ReadmeProject;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The README's "Use it in your project" is true: its pom and program, copied into a fresh project,
 * build offline against the installed {@code io-cassandra} snapshot (installed first, with the
 * command the README gives) and write their rows to a real Cassandra.
 */
public class UseInYourProjectIT {
  private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
  private static final Path PROJECT = Path.of("target", "use-in-your-project").toAbsolutePath();
  private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
  /** What the README's program writes: 100 readings, seq i of sensor-(i % 4) with value i * 0.5. */
  private static final int READINGS = 100;

  @ClassRule public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("use_in_project");

  @Test
  public void theReadmeProjectBuildsAndWritesItsRows() throws IOException {
    Map<String, String> files = ReadmeProject.files(ROOT.resolve("README.md"));
    ReadmeProject.write(files, PROJECT);
    Path logs = PROJECT.resolve("logs");

    // The README's install step: the library into the local repository. After this reactor's own
    // build it compiles nothing and leaves io-cassandra's jar (open in this JVM) untouched.
    mvn(List.of("install", "-DskipTests", "-pl", "io-cassandra", "-am", "-f", ROOT.resolve("pom.xml").toAbsolutePath().toString()),
        logs.resolve("install.log"), "installing io-cassandra");
    mvn(List.of("package"), logs.resolve("package.log"), "building the README's project");
    Path classpathFile = PROJECT.resolve("target/runtime.classpath");
    mvn(List.of("org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath", "-DincludeScope=runtime",
        "-Dmdep.outputFile=" + classpathFile), logs.resolve("classpath.log"), "listing the project's classpath");

    String mainSource = files.keySet().stream().filter(p -> p.endsWith(".java")).reduce((a, b) -> b).orElseThrow();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("jdk17.opens", "").strip().split("\\s+")));
    command.removeIf(String::isEmpty);
    command.addAll(List.of("-cp", projectJar() + File.pathSeparator + Files.readString(classpathFile).strip(),
        ReadmeProject.className(mainSource), contactPoint(), SharedCassandra.localDatacenter(), KEYSPACE.name()));
    ChildProcess.run(command, PROJECT, logs.resolve("run.log"), RUN_TIMEOUT).assertSucceeded("the README's program");

    Map<Integer, String> written = new TreeMap<>();
    for (Row r : KEYSPACE.session().execute("SELECT sensor, seq, value FROM " + KEYSPACE.table("readings"))) {
      written.put(r.getInt("seq"), r.getString("sensor") + "=" + r.getDouble("value"));
    }
    Map<Integer, String> expected = new TreeMap<>();
    for (int i = 0; i < READINGS; i++) {
      expected.put(i, "sensor-" + (i % 4) + "=" + (i * 0.5));
    }
    assertEquals("rows of " + KEYSPACE.table("readings") + " (seq -> sensor=value)", expected, written);
  }

  private static void mvn(List<String> args, Path log, String what) {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o", "-q"));
    command.addAll(args);
    ChildProcess.run(command, PROJECT, log, MAVEN_TIMEOUT).assertSucceeded(what + " (" + String.join(" ", command) + ")");
  }

  private static Path projectJar() throws IOException {
    try (var jars = Files.list(PROJECT.resolve("target"))) {
      List<Path> found = jars.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList());
      if (found.size() != 1) {
        throw new AssertionError("expected one jar in " + PROJECT.resolve("target") + ", found " + found);
      }
      return found.get(0);
    }
  }

  private static String contactPoint() {
    var address = SharedCassandra.contactPoints().get(0);
    return address.getHostString() + ":" + address.getPort();
  }
}
