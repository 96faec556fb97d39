package io.cassandraio.localflink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Fails fast, naming the address and port, when something already listens where the JobManager
 * would; hands out free ports. (local-cassandra has its own, package-private, copy: this module
 * must not depend on local-cassandra.)
 */
final class PortCheck {
  private PortCheck() {}

  static void requireFree(String address, int port, String what) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw new LocalFlinkException(
          "Port " + port + " on " + address + " is already in use (" + what + "). Stop whatever "
              + "listens there (for example a cluster started with 'scripts/flink start': "
              + "'scripts/flink stop'), or choose another port or loopback address "
              + "(FlinkClusterSpec.withRestPort / withHost, --rest-port / --host).",
          e);
    }
  }

  /** A port that was free on {@code address} a moment ago. */
  static int freePort(String address, String what) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LocalFlinkException("Cannot find a free port on " + address + " for " + what, e);
    }
  }
}
