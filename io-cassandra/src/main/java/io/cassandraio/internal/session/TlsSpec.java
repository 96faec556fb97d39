package io.cassandraio.internal.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The TLS options of a {@code CassandraTls}, passwords included, as the workers need them: which
 * CAs to trust, which certificate to present, whether to verify host names. Builds the {@link
 * SSLContext} on the worker, where the store files are read. No method here returns or prints a
 * password.
 */
public final class TlsSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final @Nullable Store trustStore;
  private final @Nullable Store keyStore;
  private final boolean hostnameVerification;

  private TlsSpec(@Nullable Store trustStore, @Nullable Store keyStore, boolean hostnameVerification) {
    this.trustStore = trustStore;
    this.keyStore = keyStore;
    this.hostnameVerification = hostnameVerification;
  }

  /** Trusts the CAs in {@code trustStore}, or the JVM's default CAs when it is null; verifies host names. */
  public static TlsSpec trusting(@Nullable Store trustStore) {
    return new TlsSpec(trustStore, null, true);
  }

  public TlsSpec withKeyStore(Store store) {
    return new TlsSpec(trustStore, Objects.requireNonNull(store, "keyStore"), hostnameVerification);
  }

  public TlsSpec withHostnameVerification(boolean verify) {
    return new TlsSpec(trustStore, keyStore, verify);
  }

  public boolean hostnameVerification() {
    return hostnameVerification;
  }

  /** On the worker: the context the driver's TLS engines come from. Errors name the store, never its password. */
  public SSLContext sslContext() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore == null ? null : trustStore.load("trust store"));
      KeyManagerFactory keys = null;
      if (keyStore != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore.load("key store"), keyStore.password.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("withTls: cannot set up TLS from " + describe() + ": " + e.getMessage(), e);
    }
  }

  /** For display data, {@code toString} and errors: where the stores come from, no password. */
  public String describe() {
    return "trustStore=" + (trustStore == null ? "JVM default CAs" : trustStore.describe())
        + (keyStore == null ? "" : ", keyStore=" + keyStore.describe())
        + ", hostnameVerification=" + hostnameVerification;
  }

  /**
   * Tells different TLS set-ups apart for session sharing. Passwords enter as salted digests (as the
   * connection's own): a wrong one must not share the session that a right one opened.
   */
  String sessionKey() {
    return describe() + (trustStore == null ? "" : ",trust:" + PasswordDigest.of(trustStore.password))
        + (keyStore == null ? "" : ",key:" + PasswordDigest.of(keyStore.password));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TlsSpec other && Objects.equals(trustStore, other.trustStore)
        && Objects.equals(keyStore, other.keyStore) && hostnameVerification == other.hostnameVerification;
  }

  @Override
  public int hashCode() {
    return Objects.hash(trustStore, keyStore, hostnameVerification);
  }

  @Override
  public String toString() {
    return "TLS{" + describe() + "}";
  }

  /**
   * A PKCS12 (or JKS) key or trust store and its password: a file read where the session is
   * opened, or the store's bytes, which travel with the pipeline and need no shared file.
   */
  public static final class Store implements Serializable {
    private static final long serialVersionUID = 1L;
    private final @Nullable String path;
    private final byte @Nullable [] contents;
    private final String password;

    private Store(@Nullable String path, byte @Nullable [] contents, String password) {
      this.path = path;
      this.contents = contents;
      this.password = Objects.requireNonNull(password, "password");
    }

    /** {@code what}: the option, for errors. The file is read later, on the worker. */
    public static Store file(String what, String path, String password) {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException(what + " needs the path of a PKCS12 or JKS file");
      }
      requirePassword(what, password);
      return new Store(path, null, password);
    }

    /** Loaded at once, so that bytes that are no store, or a wrong password, fail where they are given. */
    public static Store bytes(String what, byte[] contents, String password) {
      if (contents == null || contents.length == 0) {
        throw new IllegalArgumentException(what + " needs the bytes of a PKCS12 or JKS store, got none");
      }
      requirePassword(what, password);
      Store store = new Store(null, contents.clone(), password);
      store.load(what);
      return store;
    }

    private static void requirePassword(String what, @Nullable String password) {
      if (password == null) {
        throw new IllegalArgumentException(what + " needs the store's password (\"\" for a store without one)");
      }
    }

    /**
     * PKCS12 and JKS alike: the JDK's PKCS12 key store reads JKS files too (keystore.type.compat).
     * An empty password skips the integrity check, as for a trust store made without one.
     */
    KeyStore load(String what) {
      try (InputStream in = path != null ? Files.newInputStream(Path.of(path)) : new ByteArrayInputStream(contents)) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(in, password.isEmpty() ? null : password.toCharArray());
        return store;
      } catch (IOException | GeneralSecurityException e) {
        // A wrong password shows as "keystore password was incorrect" (or a MAC error): say so without it.
        throw new IllegalArgumentException("withTls: cannot read the " + what + " " + describe()
            + (path != null ? " on this worker" : "") + " (a PKCS12 or JKS store, with the password given): "
            + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
    }

    String describe() {
      return path != null ? path : "<" + contents.length + " bytes, SHA-256 " + sha256Prefix(contents) + ">";
    }

    private static String sha256Prefix(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Store other && Objects.equals(path, other.path) && Arrays.equals(contents, other.contents)
          && password.equals(other.password);
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, Arrays.hashCode(contents));
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
