package io.cassandraio.localprocess;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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

  /** Stands for a launcher's own exception type. */
  private static final class LaunchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LaunchFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Test
  public void busyPortFailsWithTheCallersExceptionNamingAddressPortPurposeAndRemedy() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      int port = busy.getLocalPort();
      LaunchFailure e = assertThrows(LaunchFailure.class,
          () -> LocalPorts.requireFree(ADDRESS, port, "REST port", "Stop the other one.", LaunchFailure::new));
      assertEquals("Port " + port + " on " + ADDRESS + " is already in use (REST port). Stop the other one.",
          e.getMessage());
      assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof IOException);
    }
  }

  @Test
  public void aFreePortPasses() {
    int port = LocalPorts.freePort(ADDRESS, "test", LaunchFailure::new);
    LocalPorts.requireFree(ADDRESS, port, "test", "", LaunchFailure::new);
  }

  @Test
  public void noFreePortOnAnAddressOfAnotherMachineFailsNamingIt() {
    // TEST-NET-1 (RFC 5737): never assigned to this machine, so nothing can bind there.
    LaunchFailure e = assertThrows(LaunchFailure.class,
        () -> LocalPorts.freePort("192.0.2.1", "JMX", LaunchFailure::new));
    assertEquals("Cannot find a free port on 192.0.2.1 for JMX", e.getMessage());
    assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof IOException);
  }

  @Test
  public void acceptsConnectionsOnlyWhileSomethingListens() throws Exception {
    int port;
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      port = listening.getLocalPort();
      assertTrue(LocalPorts.acceptsConnections(ADDRESS, port, CONNECT_TIMEOUT));
    }
    assertFalse(LocalPorts.acceptsConnections(ADDRESS, port, CONNECT_TIMEOUT));
  }
}
