package io.cassandraio.localprocess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Ports on a local address, checked before a child JVM is started so that a clash is reported
 * by the launcher (naming the address and port) instead of deep inside the child's log.
 *
 * <p>Failures are thrown as the caller's own exception, made by {@code failure} (typically the
 * caller's {@code (String message, Throwable cause)} constructor) from a message that names the
 * address, the port and what it is for, and the {@link IOException} as cause.
 */
public final class LocalPorts {
  private LocalPorts() {}

  /**
   * Binds {@code address:port} and lets it go at once; fails with "Port P on A is already in use
   * (what). remedy".
   *
   * @param what what the port is for, e.g. "REST port of the Flink JobManager"
   * @param remedy what to do about it: which command stops the other user, which option moves it
   */
  public static void requireFree(String address, int port, String what, String remedy,
      BiFunction<String, IOException, ? extends RuntimeException> failure) {
    try (ServerSocket socket = new ServerSocket()) {
      // As the child will bind it: a port in TIME_WAIT from a previous run is free for it too.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw failure.apply("Port " + port + " on " + address + " is already in use (" + what + "). " + remedy, e);
    }
  }

  /**
   * A port that was free on {@code address} a moment ago (another process may take it before the
   * caller binds it, so callers check it with {@link #requireFree} again right before use); fails
   * with "Cannot find a free port on A for what".
   */
  public static int freePort(String address, String what,
      BiFunction<String, IOException, ? extends RuntimeException> failure) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw failure.apply("Cannot find a free port on " + address + " for " + what, e);
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
