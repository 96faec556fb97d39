package io.cassandraio.localprocess;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.Test;

public class LocalPortsTest {
  /** Not 127.0.0.1: other builds on this machine use that one. */
  private static final String ADDRESS = "127.0.80.1";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private static final class PortFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortFailure(IOException cause) {
      super(cause);
    }
  }

  @Test
  public void busyPortFailsWithTheCallersExceptionAndTheBindFailureAsCause() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      PortFailure e = assertThrows(PortFailure.class,
          () -> LocalPorts.requireBindable(ADDRESS, busy.getLocalPort(), PortFailure::new));
      assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof IOException);
    }
  }

  @Test
  public void freePortCanBeBound() {
    int port = LocalPorts.freePort(ADDRESS, PortFailure::new);
    LocalPorts.requireBindable(ADDRESS, port, PortFailure::new);
  }

  @Test
  public void freePortOnANonLocalAddressFailsWithTheCallersException() {
    // TEST-NET-1 (RFC 5737): never assigned to this machine, so nothing can bind there.
    RuntimeException expected = new RuntimeException("no port");
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> LocalPorts.freePort("192.0.2.1", cause -> expected));
    assertSame(expected, e);
  }

  @Test
  public void acceptsConnectionsOnlyWhileSomethingListens() throws Exception {
    int port;
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      port = listening.getLocalPort();
      assertTrue(LocalPorts.acceptsConnections(ADDRESS, port, CONNECT_TIMEOUT));
    }
    assertFalse(LocalPorts.acceptsConnections(ADDRESS, port, CONNECT_TIMEOUT));
    assertEquals("the port is bindable again once closed", port, bindAndReturn(port));
  }

  private static int bindAndReturn(int port) {
    LocalPorts.requireBindable(ADDRESS, port, PortFailure::new);
    return port;
  }
}
