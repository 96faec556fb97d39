package io.cassandraio.local;

import io.cassandraio.local.server.NodeMain;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The classpath and JVM flags of a Cassandra node's JVM. */
final class ServerRuntime {
  private static final String CLASSPATH_RESOURCE = "/io/cassandraio/local/server/cassandra-server.classpath";
  private static final String VERSION_RESOURCE = "/io/cassandraio/local/server/cassandra-server.version";

  // Cassandra 5.0's conf/jvm17-server.options plus the flags FACTS.md found necessary.
  private static final List<String> JDK17_FLAGS = List.of(
      "-Djdk.attach.allowAttachSelf=true",
      "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports=java.sql/java.sql=ALL-UNNAMED",
      "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
      "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.math=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED");

  // Start fast and light on a 2-core machine.
  private static final List<String> LIGHT_START_FLAGS = List.of(
      "-Dcassandra.skip_wait_for_gossip_to_settle=0",
      "-Dcassandra.ring_delay_ms=1000",
      "-Dcassandra.load_ring_state=false",
      // With PasswordAuthenticator the default superuser cassandra/cassandra appears this long after
      // start (Cassandra's 10 s give a real cluster time to see its peers); not 0, which would spin
      // the retry of a setup that cannot run yet.
      "-Dcassandra.superuser_setup_delay_ms=500",
      "-XX:TieredStopAtLevel=1",
      "-XX:+UseG1GC",
      "-XX:ParallelGCThreads=2",
      "-XX:ConcGCThreads=1",
      "-Xss256k",
      "-XX:+ExitOnOutOfMemoryError",
      "-Djava.net.preferIPv4Stack=true");

  /** Marks a node's JVM on its command line: lets {@code stop} tell our nodes from recycled PIDs. */
  static final String NODE_MARKER_PROPERTY = "localcassandra.node";

  private ServerRuntime() {}

  /**
   * Whether {@code process} is alive and runs a node's JVM (its command line has the marker):
   * guards against a recycled PID before a command signals a PID it read from a file.
   */
  static boolean isNode(ProcessHandle process) {
    return process.isAlive()
        && process.info().commandLine().map(c -> c.contains("-D" + NODE_MARKER_PROPERTY + "=")).orElse(true);
  }

  static String cassandraVersion() {
    return readResource(VERSION_RESOURCE).trim();
  }

  /** Full command line of node {@code node}'s JVM. */
  static List<String> command(ClusterSpec spec, NodeLayout node, Path java, int jmxPort) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    // First, so that it survives the 4 KiB truncation of /proc cmdline that ProcessHandle reads.
    cmd.add("-D" + NODE_MARKER_PROPERTY + "=" + node.index() + "@" + node.address());
    cmd.add("-Xms256m");
    cmd.add("-Xmx" + spec.heap());
    cmd.addAll(JDK17_FLAGS);
    cmd.addAll(LIGHT_START_FLAGS);
    // Keeps System.out open: CassandraDaemon closes it unless it runs in the foreground.
    cmd.add("-Dcassandra-foreground=yes");
    cmd.add("-Dcassandra.config=" + node.yamlFile().toUri());
    cmd.add("-Dcassandra.storagedir=" + node.dir());
    cmd.add("-Dcassandra.logdir=" + node.dir());
    cmd.add("-Dcassandra.jmx.local.port=" + jmxPort);
    cmd.add("-Dlogback.configurationFile=" + node.logbackFile());
    if (spec.stopWithLauncher()) {
      cmd.add("-D" + NodeMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
    }
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add(NodeMain.class.getName());
    return cmd;
  }

  private static String classpath() {
    List<String> entries = new ArrayList<>();
    entries.add(nodeMainLocation().toString());
    for (String entry : readResource(CLASSPATH_RESOURCE).trim().split(java.io.File.pathSeparator)) {
      if (!Files.exists(Path.of(entry))) {
        throw new LauncherException(
            "The Cassandra server jar " + entry + " is missing from the local Maven repository. "
                + "Rebuild with 'mvn -pl local-cassandra -am install -DskipTests' to fetch it again.");
      }
      entries.add(entry);
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static Path nodeMainLocation() {
    try {
      return Path.of(NodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readResource(String name) {
    try (InputStream in = ServerRuntime.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new LauncherException(
            "Resource " + name + " is missing: local-cassandra-server was not built. Run "
                + "'mvn -pl local-cassandra -am package -DskipTests'.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LauncherException("Cannot read " + name, e);
    }
  }
}
