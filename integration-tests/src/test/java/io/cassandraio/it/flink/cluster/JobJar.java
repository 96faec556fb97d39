package io.cassandraio.it.flink.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The examples' shaded job jar, the file a user submits to a Flink cluster. Failsafe passes its
 * path in {@value #PROPERTY}; {@code mvn verify} builds it (examples' package phase) before the
 * ITs run.
 */
final class JobJar {
  static final String PROPERTY = "cassandraio.job.jar";

  private JobJar() {}

  /** The jar's path; fails naming the property, the path and how to build it when it is missing. */
  static Path path() {
    String configured = System.getProperty(PROPERTY);
    if (configured == null || configured.isBlank()) {
      throw new AssertionError("System property " + PROPERTY + " is not set: failsafe sets it to "
          + "examples/target/examples-<version>-job.jar (see integration-tests/pom.xml); set it when running "
          + "the ITs another way");
    }
    Path jar = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("The job jar " + jar + " (" + PROPERTY + ") does not exist. Build it with "
          + "`mvn -B -pl examples -am package -DskipTests`, or run the ITs with `-pl integration-tests -am` "
          + "so that the reactor packages examples first");
    }
    return jar;
  }
}
