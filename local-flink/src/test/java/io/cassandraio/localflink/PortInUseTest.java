package io.cassandraio.localflink;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.Test;

public class PortInUseTest {
  /** Not 127.0.0.1 nor the ITs' Flink address: other builds on this machine use those. */
  private static final String ADDRESS = "127.0.80.1";

  @Test
  public void takenPortIsNamedWithItsAddressAndWhatItIsFor() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      int port = taken.getLocalPort();
      LocalFlinkException e = assertThrows(LocalFlinkException.class,
          () -> LocalFlinkCluster.requireFree(ADDRESS, port, "REST port of the Flink JobManager"));
      assertTrue(e.getMessage(), e.getMessage().contains("Port " + port + " on " + ADDRESS + " is already in use"));
      assertTrue(e.getMessage(), e.getMessage().contains("REST port of the Flink JobManager"));
      assertTrue(e.getMessage(), e.getMessage().contains("--rest-port / --host"));
    }
  }
}
