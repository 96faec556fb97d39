package io.cassandraio.local;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.Test;

public class PortInUseTest {
  /** Not 127.0.0.1: other builds on this machine start nodes there. */
  private static final String ADDRESS = "127.0.80.1";

  @Test
  public void takenPortIsNamedWithItsAddressAndWhatItIsFor() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      int port = taken.getLocalPort();
      LauncherException e = assertThrows(LauncherException.class,
          () -> LocalNode.requireFree(ADDRESS, port, "CQL port of node1"));
      assertTrue(e.getMessage(), e.getMessage().contains("Port " + port + " on " + ADDRESS + " is already in use"));
      assertTrue(e.getMessage(), e.getMessage().contains("CQL port of node1"));
      assertTrue(e.getMessage(), e.getMessage().contains("--base-address"));
    }
  }

  @Test
  public void freePortPasses() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      port = probe.getLocalPort();
    }
    LocalNode.requireFree(ADDRESS, port, "test");
  }
}
