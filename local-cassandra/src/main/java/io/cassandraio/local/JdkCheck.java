package io.cassandraio.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Picks the JDK that runs the nodes and refuses one that Cassandra 5.0 cannot run on. */
public final class JdkCheck {
  /** Environment variable naming the JDK home for the nodes. */
  public static final String JAVA_HOME_ENV = "CASSANDRA_JAVA_HOME";
  /** System property naming the JDK home for the nodes; wins over the environment variable. */
  public static final String JAVA_HOME_PROPERTY = "localcassandra.java.home";
  /** Java feature releases that Cassandra 5.0 supports. */
  static final Set<Integer> SUPPORTED = Set.of(11, 17);

  private static final Pattern RELEASE_VERSION =
      Pattern.compile("^JAVA_VERSION=\"?(\\d+)(?:\\.(\\d+))?.*$", Pattern.MULTILINE);

  private JdkCheck() {}

  /** The property, else the environment variable, else the JDK running this JVM. */
  public static Path defaultJavaHome() {
    String configured = System.getProperty(JAVA_HOME_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(JAVA_HOME_ENV);
    }
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty("java.home");
    }
    return Path.of(configured);
  }

  /**
   * Returns the {@code java} executable of {@code home}, or throws a {@link LauncherException}
   * that says which JDK was found and how to point the launcher at a JDK 17.
   */
  public static Path requireSupported(Path home) {
    Path java = home.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      throw new LauncherException(
          "No java executable at " + java + ". " + howToFix());
    }
    int feature = featureVersion(home)
        .orElseThrow(() -> new LauncherException(
            "Cannot tell the Java version of " + home + " (no JAVA_VERSION in its 'release' file). "
                + howToFix()));
    if (!SUPPORTED.contains(feature)) {
      throw new LauncherException(
          "Apache Cassandra 5.0 runs on JDK 11 or 17, but the JDK found at " + home + " is JDK "
              + feature + ". " + howToFix());
    }
    return java;
  }

  /** The feature release (8, 11, 17, 25 ...) read from {@code home/release}. */
  static Optional<Integer> featureVersion(Path home) {
    try {
      return parseReleaseFile(Files.readString(home.resolve("release")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<Integer> parseReleaseFile(String content) {
    Matcher m = RELEASE_VERSION.matcher(content);
    if (!m.find()) {
      return Optional.empty();
    }
    int first = Integer.parseInt(m.group(1));
    // JDK 8 and older say "1.8.0_392".
    return Optional.of(first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first);
  }

  private static String howToFix() {
    return "Point the launcher at a JDK 17 home with the environment variable " + JAVA_HOME_ENV
        + "=/path/to/jdk-17 or the system property -D" + JAVA_HOME_PROPERTY + "=/path/to/jdk-17"
        + candidateHint();
  }

  private static String candidateHint() {
    Path jvms = Path.of("/usr/lib/jvm");
    try (var dirs = Files.list(jvms)) {
      List<Path> candidates =
          dirs.filter(d -> featureVersion(d).filter(SUPPORTED::contains).isPresent())
              .sorted()
              .toList();
      return candidates.isEmpty() ? "." : " (JDKs that would work here: " + candidates + ").";
    } catch (IOException e) {
      return ".";
    }
  }
}
