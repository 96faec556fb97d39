package io.cassandraio.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails fast, naming the address and port, when something already listens where a node would. */
final class PortCheck {
  private PortCheck() {}

  static void requireFree(String address, int port, String what) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw new LauncherException(
          "Port " + port + " on " + address + " is already in use (" + what + "). Stop whatever "
              + "listens there (for example a Cassandra started with 'scripts/cassandra start': "
              + "'scripts/cassandra stop'), or start the local cluster on other loopback "
              + "addresses (ClusterSpec.withBaseAddress / --base-address).",
          e);
    }
  }

  /** Whether something accepts TCP connections on {@code address:port}. */
  static boolean accepts(String address, int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that was free a moment ago on 127.0.0.1, for JMX (which binds 127.0.0.1 only). */
  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LauncherException("Cannot find a free port on 127.0.0.1 for JMX", e);
    }
  }
}
