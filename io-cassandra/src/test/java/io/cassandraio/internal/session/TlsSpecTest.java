package io.cassandraio.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;

import java.util.List;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

/** How TLS set-ups share sessions: equal ones do, across serialization; any difference keeps them apart. */
public class TlsSpecTest {
  private static final ConnectionSpec PLAIN = ConnectionSpec.empty().toBuilder()
      .setContactPoints(List.of("127.0.0.1:9042")).setLocalDatacenter("datacenter1").build();

  private static TlsSpec trusting(String path, String password) {
    return TlsSpec.trusting(TlsSpec.Store.file("trustStore", path, password));
  }

  private static String key(TlsSpec tls) {
    return PLAIN.toBuilder().setTls(tls).build().sessionKey();
  }

  @Test
  public void equalSetUpsShareASessionAcrossSerialization() {
    TlsSpec tls = trusting("/etc/a.p12", "pw-a").withKeyStore(TlsSpec.Store.file("keyStore", "/etc/k.p12", "pw-k"));
    assertEquals(key(tls), key(SerializableUtils.clone(tls)));
    assertEquals(tls, SerializableUtils.clone(tls));
  }

  @Test
  public void anyDifferenceGetsASessionOfItsOwn() {
    String a = key(trusting("/etc/a.p12", "pw-a"));
    assertNotEquals(a, PLAIN.sessionKey());
    assertNotEquals(a, key(trusting("/etc/b.p12", "pw-a")));
    assertNotEquals("a wrong password must not share the right one's session", a, key(trusting("/etc/a.p12", "pw-b")));
    assertNotEquals(a, key(trusting("/etc/a.p12", "pw-a").withHostnameVerification(false)));
    assertNotEquals(a, key(trusting("/etc/a.p12", "pw-a").withKeyStore(TlsSpec.Store.file("keyStore", "/k", "x"))));
    assertNotEquals(a, key(TlsSpec.trusting(null)));
  }

  @Test
  public void theKeyRevealsNoStorePassword() {
    String key = key(trusting("/etc/a.p12", "s3cret-trust").withKeyStore(
        TlsSpec.Store.file("keyStore", "/etc/k.p12", "s3cret-key")));
    assertFalse(key, key.contains("s3cret"));
    assertFalse(key, key.contains(String.valueOf("s3cret-trust".hashCode())));
  }
}
