package io.cassandraio.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;

/**
 * The examples' shaded Flink job jar and the classpath of the Flink jars a cluster provides, both
 * written by {@code mvn -pl examples package} (failsafe passes {@code examples.target} here).
 */
public final class JobJar {
  private static final Path TARGET = Path.of(System.getProperty("examples.target", "../examples/target"));

  private JobJar() {}

  /** {@code examples-<version>-job.jar}; fails naming the build step when it is missing. */
  public static Path path() {
    try (var files = Files.list(requireDir())) {
      List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).collect(Collectors.toList());
      if (jars.size() != 1) {
        throw new IllegalStateException("expected one *-job.jar in " + TARGET.toAbsolutePath() + ", found " + jars
            + "; build it with: mvn -B -pl examples -am package -DskipTests");
      }
      return jars.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The "provided" (Flink) jars of the examples module, as a path-separated classpath. */
  public static String flinkClasspath() {
    Path file = requireDir().resolve("flink-provided.classpath");
    try {
      String classpath = Files.readString(file).strip();
      if (classpath.isEmpty()) {
        throw new IllegalStateException(file.toAbsolutePath() + " is empty: the examples pom declares no provided Flink jar");
      }
      return classpath;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath()
          + "; it is written by: mvn -B -pl examples -am package -DskipTests", e);
    }
  }

  /** Names of the jar's entries that start with {@code prefix}. */
  public static List<String> entriesUnder(Path jar, String prefix) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of one entry; fails naming the entry when the jar lacks it. */
  public static String entryText(Path jar, String name) {
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry(name);
      if (entry == null) {
        throw new AssertionError(jar + " has no " + name);
      }
      try (InputStream in = file.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path requireDir() {
    if (!Files.isDirectory(TARGET)) {
      throw new IllegalStateException(TARGET.toAbsolutePath() + " does not exist; build the job jar with: "
          + "mvn -B -pl examples -am package -DskipTests");
    }
    return TARGET;
  }
}
