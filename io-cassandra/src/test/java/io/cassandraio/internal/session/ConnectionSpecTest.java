package io.cassandraio.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;

import java.util.List;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

public class ConnectionSpecTest {
  private final ConnectionSpec spec = ConnectionSpec.empty().toBuilder().setContactPoints(List.of("127.0.0.1:9042"))
      .setLocalDatacenter("datacenter1").setKeyspace("ks").setUsername("writer").setPassword("s3cret").build();

  @Test
  public void equalConnectionsShareASessionAcrossSerialization() {
    assertEquals(spec.sessionKey(), SerializableUtils.clone(spec).sessionKey());
  }

  @Test
  public void differentCredentialsOrKeyspacesGetDifferentSessions() {
    assertNotEquals(spec.sessionKey(), spec.toBuilder().setPassword("other").build().sessionKey());
    assertNotEquals(spec.sessionKey(), spec.toBuilder().setKeyspace("ks2").build().sessionKey());
  }

  @Test
  public void theKeyRevealsNeitherThePasswordNorItsHashCode() {
    String key = spec.sessionKey();
    assertFalse(key, key.contains("s3cret"));
    assertFalse(key, key.contains(String.valueOf("s3cret".hashCode())));
  }
}
