package io.cassandraio.it.flink.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open TCP connections from another process to Cassandra's native (CQL) port, read from
 * Linux's {@code /proc}: the process's socket inodes ({@code /proc/PID/fd}) matched against the
 * established IPv4 connections ({@code /proc/net/tcp}). A driver session holds at least one
 * connection to every node it uses, so none left means no session left, whatever the process
 * believes about its own objects.
 */
final class CqlConnections {
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
  private static final String ESTABLISHED = "01";

  private CqlConnections() {}

  /** {@code remote address:port} of every established connection from {@code pid} to one of {@code nodes}. */
  static List<String> from(long pid, List<InetSocketAddress> nodes) {
    Set<String> sockets = socketInodes(pid);
    Set<String> wanted = new HashSet<>();
    for (InetSocketAddress node : nodes) {
      wanted.add(node.getAddress().getHostAddress() + ":" + node.getPort());
    }
    List<String> found = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/net/tcp"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/net/tcp (this check needs Linux)", e);
    }
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
      if (f.length < 10 || !ESTABLISHED.equals(f[3]) || !sockets.contains(f[9])) {
        continue;
      }
      String remote = decode(f[2]);
      if (wanted.contains(remote)) {
        found.add(remote);
      }
    }
    return found;
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
      for (Path fd : entries) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(m.group(1));
          }
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed between listing and reading: not a connection any more.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + fds + " (is PID " + pid + " alive and ours?)", e);
    }
    return inodes;
  }

  /** {@code 0100007F:2352} (little-endian IPv4, hex port) to {@code 127.0.0.1:9042}. */
  static String decode(String hexAddress) {
    String[] parts = hexAddress.split(":");
    long ip = Long.parseLong(parts[0], 16);
    return (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 24) & 0xff)
        + ":" + Integer.parseInt(parts[1], 16);
  }
}
