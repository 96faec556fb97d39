package io.cassandraio.it.support;

import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import io.cassandraio.local.LocalNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

/**
 * A launcher process for {@code ProcessHygieneIT}: starts a local cluster, writes its node PIDs
 * (one per line) to a file, then either sleeps until killed or exits normally.
 *
 * <p>Arguments: {@code nodes baseAddress workDir pidFile stopWithLauncher(true|false) sleep|exit}.
 */
public final class NodeOwnerMain {
  private NodeOwnerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: NodeOwnerMain nodes baseAddress workDir pidFile stopWithLauncher sleep|exit");
      System.exit(2);
    }
    int nodes = Integer.parseInt(args[0]);
    String baseAddress = args[1];
    Path workDir = Path.of(args[2]);
    Path pidFile = Path.of(args[3]);
    boolean stopWithLauncher = Boolean.parseBoolean(args[4]);
    String then = args[5];

    LocalCluster cluster;
    try {
      cluster = LocalCluster.start(ClusterSpec.nodes(nodes)
          .withBaseAddress(baseAddress)
          .withWorkDir(workDir)
          .withStopWithLauncher(stopWithLauncher));
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
      return;
    }
    String pids = cluster.nodes().stream()
        .map(LocalNode::pid)
        .map(String::valueOf)
        .collect(Collectors.joining("\n", "", "\n"));
    // Written then moved, so that the test never reads half a file.
    Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
    Files.writeString(tmp, pids, StandardCharsets.UTF_8);
    Files.move(tmp, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("NodeOwnerMain: PID " + ProcessHandle.current().pid() + " owns nodes " + pids.trim().replace('\n', ' '));
    System.out.flush();

    if ("exit".equals(then)) {
      // A normal exit: LocalCluster's shutdown hook (and each node's parent watchdog) stop the nodes.
      System.exit(0);
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
