package io.cassandraio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

/** Validation, serialization and hidden passwords of {@link CassandraTls} and {@code withTls}. */
public class CassandraTlsTest {
  private static final String TRUST_PASSWORD = "trust-S3cret";
  private static final String KEY_PASSWORD = "key-S3cret";

  private static final CassandraConnection BASE = CassandraConnection.create()
      .withContactPoints("10.0.0.5:9142").withLocalDatacenter("dc1").withCredentials("writer", "pw-S3cret");

  /** A valid, empty PKCS12 store: enough to check loading and passwords; the ITs do real handshakes. */
  private static byte[] emptyStore(String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, password.toCharArray());
    return out.toByteArray();
  }

  private static void assertNoPassword(String text) {
    for (String password : new String[] {TRUST_PASSWORD, KEY_PASSWORD, "pw-S3cret"}) {
      assertFalse("a password leaked into: " + text, text.contains(password));
    }
  }

  @Test
  public void passwordsNeverShowInToStringDisplayDataOrSessionKey() throws Exception {
    CassandraConnection tls = BASE.withTls(CassandraTls.trustStore("/etc/ca.p12", TRUST_PASSWORD)
        .withKeyStore(emptyStore(KEY_PASSWORD), KEY_PASSWORD));
    DisplayData data = DisplayData.from(tls.spec()::populateDisplayData);
    assertNoPassword(data.toString());
    assertNoPassword(tls.toString());
    assertNoPassword(CassandraTls.trustStore("/etc/ca.p12", TRUST_PASSWORD).toString());
    assertTrue(data.toString(), data.toString().contains("/etc/ca.p12"));
    assertTrue(tls.toString(), tls.toString().contains("trustStore=/etc/ca.p12"));
    assertTrue(tls.toString(), tls.toString().contains("hostnameVerification=true"));
  }

  @Test
  public void aWrongPasswordForStoreBytesFailsAtOnceWithoutShowingIt() throws Exception {
    byte[] store = emptyStore(KEY_PASSWORD);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CassandraTls.trustStore(store, TRUST_PASSWORD));
    assertTrue(e.getMessage(), e.getMessage().contains("cannot read the CassandraTls.trustStore"));
    assertTrue(e.getMessage(), e.getMessage().contains("with the password given"));
    assertNoPassword(e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CassandraTls.defaultTrustStore().withKeyStore(new byte[] {1, 2, 3}, KEY_PASSWORD));
    assertTrue(e.getMessage(), e.getMessage().contains("CassandraTls.withKeyStore"));
    assertNoPassword(e.getMessage());
  }

  @Test
  public void missingPathsBytesOrPasswordsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CassandraTls.trustStore(" ", "x"));
    assertTrue(e.getMessage(), e.getMessage().contains("CassandraTls.trustStore needs the path"));
    e = assertThrows(IllegalArgumentException.class, () -> CassandraTls.trustStore("/a.p12", null));
    assertTrue(e.getMessage(), e.getMessage().contains("CassandraTls.trustStore needs the store's password"));
    e = assertThrows(IllegalArgumentException.class, () -> CassandraTls.trustStore(new byte[0], "x"));
    assertTrue(e.getMessage(), e.getMessage().contains("CassandraTls.trustStore needs the bytes"));
    e = assertThrows(IllegalArgumentException.class,
        () -> CassandraTls.defaultTrustStore().withKeyStore((String) null, "x"));
    assertTrue(e.getMessage(), e.getMessage().contains("CassandraTls.withKeyStore needs the path"));
    assertThrows(NullPointerException.class, () -> BASE.withTls(null));
  }

  @Test
  public void aFileIsReadOnTheWorkerAndAMissingOneIsNamedThere() {
    CassandraTls tls = CassandraTls.trustStore("/no/such/truststore.p12", TRUST_PASSWORD);
    // Nothing read here: the file need only exist where the session is opened.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tls.spec().sslContext());
    assertTrue(e.getMessage(), e.getMessage().contains("/no/such/truststore.p12 on this worker"));
    assertNoPassword(e.getMessage());
  }

  @Test
  public void storeBytesBuildAContext() throws Exception {
    CassandraTls tls = CassandraTls.trustStore(emptyStore(TRUST_PASSWORD), TRUST_PASSWORD)
        .withKeyStore(emptyStore(KEY_PASSWORD), KEY_PASSWORD).withHostnameVerification(false);
    assertNotNull(tls.spec().sslContext());
    assertNotNull(CassandraTls.defaultTrustStore().spec().sslContext());
    assertTrue(tls.toString(), tls.toString().matches(".*trustStore=<\\d+ bytes, SHA-256 [0-9a-f]{16}>.*"));
  }

  @Test
  public void survivesJavaSerializationWithItsBytes() throws Exception {
    CassandraConnection tls = BASE.withTls(CassandraTls.trustStore(emptyStore(TRUST_PASSWORD), TRUST_PASSWORD)
        .withKeyStore(emptyStore(KEY_PASSWORD), KEY_PASSWORD));
    CassandraConnection copy = SerializableUtils.clone(tls);
    assertEquals(tls, copy);
    assertNotNull("the copy needs no file to build its context", copy.spec().tls().sslContext());
  }

  @Test
  public void withTlsAndWithSslAreRefusedTogetherInEitherOrder() {
    SerializableFunction<Void, SslEngineFactory> factory = v -> null;
    CassandraTls tls = CassandraTls.trustStore("/etc/a.p12", TRUST_PASSWORD);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BASE.withSsl(factory).withTls(tls));
    assertTrue(e.getMessage(), e.getMessage().contains("either withTls(CassandraTls) or withSsl(factory), not both"));
    e = assertThrows(IllegalArgumentException.class, () -> BASE.withTls(tls).withSsl(factory));
    assertTrue(e.getMessage(), e.getMessage().contains("not both"));
    // Replacing one TLS set-up by another of the same kind is fine.
    assertEquals(CassandraTls.trustStore("/etc/b.p12", "x").toString().replace("CassandraTls{", "tls={"),
        "tls={" + BASE.withTls(tls).withTls(CassandraTls.trustStore("/etc/b.p12", "x")).spec().tls().describe() + "}");
  }
}
