package io.cassandraio.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, asked cheaply first and of Testcontainers only if it may. */
final class DockerProbe {
  private DockerProbe() {}

  static boolean dockerAnswers(Map<String, String> env) {
    boolean mayExist = env.containsKey("DOCKER_HOST")
        || Files.exists(Path.of("/var/run/docker.sock"))
        || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
        || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
    if (!mayExist) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
