package io.cassandraio.localprocess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Function;

/**
 * Ports on a local address, checked before a child JVM is started so that a clash is reported
 * by the launcher (naming the address and port) instead of deep inside the child's log.
 *
 * <p>Failures are turned into the caller's own exception by a function the caller passes: each
 * launcher knows best what to advise (which script stops the other cluster, which option moves it).
 */
public final class LocalPorts {
  private LocalPorts() {}

  /**
   * Binds {@code address:port} and lets it go at once.
   *
   * @param inUse makes the exception to throw from the bind failure (port taken, or the address
   *     is not local)
   */
  public static void requireBindable(
      String address, int port, Function<IOException, ? extends RuntimeException> inUse) {
    try (ServerSocket socket = new ServerSocket()) {
      // As the child will bind it: a port in TIME_WAIT from a previous run is free for it too.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw inUse.apply(e);
    }
  }

  /**
   * A port that was free on {@code address} a moment ago (another process may take it before the
   * caller binds it; callers check it again with {@link #requireBindable} right before use).
   *
   * @param noneFree makes the exception to throw when no port can be bound on {@code address}
   */
  public static int freePort(String address, Function<IOException, ? extends RuntimeException> noneFree) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw noneFree.apply(e);
    }
  }

  /** Whether something accepts TCP connections on {@code address:port} within {@code connectTimeout}. */
  public static boolean acceptsConnections(String address, int port, Duration connectTimeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), Math.toIntExact(connectTimeout.toMillis()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
