package io.cassandraio.localflink;

import io.cassandraio.localflink.cluster.FlinkProcessMain;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** The classpath and JVM flags of a JobManager's or TaskManager's JVM. */
final class FlinkRuntime {
  private static final String CLASSPATH_RESOURCE = "/io/cassandraio/localflink/cluster/flink-cluster.classpath";
  private static final String VERSION_RESOURCE = "/io/cassandraio/localflink/cluster/flink-cluster.version";
  /** The parent pom's jdk17.opens, filtered into this resource: one list for every JVM. */
  private static final String OPENS_RESOURCE = "/io/cassandraio/localflink/jdk17-opens.txt";

  /** Marks our JVMs on their command line, e.g. {@code -Dlocalflink.process=taskmanager-1}. */
  static final String PROCESS_MARKER_PROPERTY = "localflink.process";

  private static final List<String> LIGHT_FLAGS = List.of(
      "-XX:+UseG1GC",
      "-XX:ParallelGCThreads=2",
      "-XX:ConcGCThreads=1",
      "-XX:+ExitOnOutOfMemoryError",
      "-Djava.net.preferIPv4Stack=true");

  private FlinkRuntime() {}

  static String flinkVersion() {
    return readResource(VERSION_RESOURCE).trim();
  }

  static List<String> jdk17Opens() {
    return Arrays.stream(readResource(OPENS_RESOURCE).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  static Path jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd");
  }

  /**
   * Full command line of one process. {@code name} is {@code jobmanager} or {@code taskmanager-N};
   * {@code parentPid} empty means the process outlives its launcher.
   */
  static List<String> command(String name, Path confDir, Path logFile, OptionalLong parentPid) {
    boolean jobManager = name.equals(ClusterLayout.JOB_MANAGER);
    List<String> cmd = new ArrayList<>();
    cmd.add(java().toString());
    // First, so that it survives the 4 KiB truncation of /proc cmdline that ProcessHandle reads.
    cmd.add("-D" + PROCESS_MARKER_PROPERTY + "=" + name);
    if (jobManager) {
      cmd.add("-Xms256m");
      cmd.add("-Xmx512m");
      // C1 only: the JobManager starts noticeably faster on 2 busy cores and runs no user records.
      cmd.add("-XX:TieredStopAtLevel=1");
    } else {
      cmd.addAll(TaskManagerMemory.jvmFlags());
    }
    cmd.addAll(jdk17Opens());
    cmd.addAll(LIGHT_FLAGS);
    // Flink's own log-file properties; the slf4j binding writes to stderr, redirected to the log.
    cmd.add("-Dlog.file=" + logFile);
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
    parentPid.ifPresent(pid -> cmd.add("-D" + FlinkProcessMain.PARENT_PID_PROPERTY + "=" + pid));
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add(FlinkProcessMain.class.getName());
    cmd.add(jobManager ? "jobmanager" : "taskmanager");
    cmd.add("--configDir");
    cmd.add(confDir.toString());
    return cmd;
  }

  private static String classpath() {
    List<String> entries = new ArrayList<>();
    entries.add(processMainLocation().toString());
    for (String entry : readResource(CLASSPATH_RESOURCE).trim().split(File.pathSeparator)) {
      if (!Files.exists(Path.of(entry))) {
        throw new LocalFlinkException(
            "The Flink jar " + entry + " is missing from the local Maven repository. Rebuild with "
                + "'mvn -pl local-flink -am package -DskipTests' (without -o) to fetch it again.");
      }
      entries.add(entry);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Path processMainLocation() {
    try {
      return Path.of(FlinkProcessMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readResource(String name) {
    try (InputStream in = FlinkRuntime.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new LocalFlinkException("Resource " + name + " is missing: local-flink-cluster was not "
            + "built. Run 'mvn -pl local-flink -am package -DskipTests'.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LocalFlinkException("Cannot read " + name, e);
    }
  }
}
