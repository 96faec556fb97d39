package io.cassandraio.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.Test;

public class ContactPointsTest {
  @Test
  public void parsesHostsWithAndWithoutPorts() {
    List<InetSocketAddress> points = ContactPoints.parse("10.0.0.5:9142, cass-2 ,");
    assertEquals(2, points.size());
    assertEquals("10.0.0.5", points.get(0).getHostString());
    assertEquals(9142, points.get(0).getPort());
    assertEquals("cass-2", points.get(1).getHostString());
    assertEquals(ContactPoints.DEFAULT_PORT, points.get(1).getPort());
  }

  @Test
  public void badPortNamesTheEntryAndTheVariable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ContactPoints.parse("a:9042,b:x9"));
    assertTrue(e.getMessage(), e.getMessage().contains("'b:x9'"));
    assertTrue(e.getMessage(), e.getMessage().contains(CassandraBackends.CONTACT_POINTS_ENV));
  }

  @Test
  public void emptyListIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> ContactPoints.parse(" , "));
    assertThrows(IllegalArgumentException.class, () -> ContactPoints.parse("h:0"));
  }
}
