package io.cassandraio;

import io.cassandraio.internal.session.TlsSpec;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * TLS for a {@link CassandraConnection#withTls}: the CAs to trust, optionally a client
 * certificate to present, and whether to verify that each node's certificate names the address it
 * is reached at. Immutable and serializable.
 *
 * <pre>{@code
 * CassandraTls.trustStore("/etc/cassandra/truststore.p12", trustPassword)   // read on each worker
 *     .withKeyStore("/etc/cassandra/client.p12", keyPassword);                // if nodes require client certificates
 * CassandraTls.trustStore(Files.readAllBytes(path), trustPassword);           // travels with the pipeline
 * }</pre>
 *
 * <p>Stores are PKCS12 or JKS, given as a path (read where the session is opened, so it must exist
 * on every worker) or as the store's bytes (checked at once, then serialized with the pipeline:
 * no shared file needed). A key store's key must have the store's password, as in PKCS12. Host
 * names are verified by default: a node certificate must list, in its subject alternative names,
 * the host of the contact point as written and the addresses of the other nodes (as {@code
 * system.peers} gives them). For cipher suites, protocols or anything else, {@code
 * CassandraConnection.withSsl(factory)} takes a driver {@code SslEngineFactory} of your own instead.
 *
 * <p>Passwords never appear in {@link #toString()}, display data or error messages.
 */
public final class CassandraTls implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TlsSpec spec;

  private CassandraTls(TlsSpec spec) {
    this.spec = spec;
  }

  /** Trusts the CAs in the store at {@code path} (on the workers). */
  public static CassandraTls trustStore(String path, String password) {
    return new CassandraTls(TlsSpec.trusting(TlsSpec.Store.file("CassandraTls.trustStore", path, password)));
  }

  /** Trusts the CAs in this store, given as its bytes (for example {@code Files.readAllBytes(path)}). */
  public static CassandraTls trustStore(byte[] contents, String password) {
    return new CassandraTls(TlsSpec.trusting(TlsSpec.Store.bytes("CassandraTls.trustStore", contents, password)));
  }

  /** Trusts the JVM's default CAs ({@code cacerts}): for nodes whose certificates a public CA signed. */
  public static CassandraTls defaultTrustStore() {
    return new CassandraTls(TlsSpec.trusting(null));
  }

  /** Presents the key and certificate in the store at {@code path} (on the workers) to nodes that ask for one. */
  public CassandraTls withKeyStore(String path, String password) {
    return new CassandraTls(spec.withKeyStore(TlsSpec.Store.file("CassandraTls.withKeyStore", path, password)));
  }

  /** Presents the key and certificate in this store, given as its bytes. */
  public CassandraTls withKeyStore(byte[] contents, String password) {
    return new CassandraTls(spec.withKeyStore(TlsSpec.Store.bytes("CassandraTls.withKeyStore", contents, password)));
  }

  /**
   * Whether a node's certificate must name the address it is reached at (default true). Turn it off
   * only for certificates that cannot list the nodes' addresses: any certificate the CA signed is
   * then accepted for any node.
   */
  public CassandraTls withHostnameVerification(boolean verify) {
    return new CassandraTls(spec.withHostnameVerification(verify));
  }

  /** The options as the workers use them; not API. */
  TlsSpec spec() {
    return spec;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CassandraTls other && spec.equals(other.spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  /** Where the stores come from, without their passwords. */
  @Override
  public String toString() {
    return "CassandraTls{" + spec.describe() + "}";
  }
}
