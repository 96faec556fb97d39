package io.cassandraio.local;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.Test;

public class PortCheckTest {
  @Test
  public void takenPortIsNamedWithItsAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      LauncherException e = assertThrows(LauncherException.class,
          () -> PortCheck.requireFree("127.0.0.1", port, "CQL port of node1"));
      assertTrue(e.getMessage(), e.getMessage().contains("Port " + port + " on 127.0.0.1 is already in use"));
      assertTrue(e.getMessage(), e.getMessage().contains("CQL port of node1"));
    }
  }

  @Test
  public void freePortPasses() {
    PortCheck.requireFree("127.0.0.1", PortCheck.freeLoopbackPort(), "test");
  }
}
