package io.cassandraio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

public class CassandraConnectionTest {
  private final CassandraConnection connection = CassandraConnection.create()
      .withContactPoints("10.0.0.5", "10.0.0.6:9142")
      .withLocalDatacenter("dc1")
      .withKeyspace("ks")
      .withCredentials("writer", "s3cret");

  @Test
  public void contactPointsGetTheDefaultPort() {
    assertEquals(List.of("10.0.0.5:9042", "10.0.0.6:9142"), connection.contactPoints());
  }

  @Test
  public void passwordNeverShowsInDisplayDataOrToString() {
    DisplayData data = DisplayData.from(connection.spec()::populateDisplayData);
    assertFalse(data.toString(), data.toString().contains("s3cret"));
    assertTrue(data.toString(), data.toString().contains("writer"));
    assertFalse(connection.toString().contains("s3cret"));
  }

  @Test
  public void survivesJavaSerialization() {
    CassandraConnection copy = SerializableUtils.clone(connection);
    assertEquals(connection, copy);
    assertEquals(connection.toString(), copy.toString());
  }

  @Test
  public void missingContactPointsOrDatacenterAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CassandraConnection.create().validate());
    assertTrue(e.getMessage(), e.getMessage().contains("withContactPoints"));
    e = assertThrows(IllegalArgumentException.class,
        () -> CassandraConnection.create().withContactPoints("h").validate());
    assertTrue(e.getMessage(), e.getMessage().contains("withLocalDatacenter"));
  }

  @Test
  public void badContactPointIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CassandraConnection.create().withContactPoints("h:99999"));
    assertTrue(e.getMessage(), e.getMessage().contains("'h:99999'"));
  }
}
