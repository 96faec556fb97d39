package io.cassandraio.internal.session;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.metadata.EndPoint;
import com.datastax.oss.driver.api.core.metadata.Node;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Why a session could not be opened, in words that say what to fix: the one place that turns the
 * driver's session-open failures into errors. The driver reports a bad trust store, a missing
 * client certificate or TLS spoken to a plain port as a handshake failure deep in an
 * {@link AllNodesFailedException}; here each is recognised, named with the contact points it
 * happened on, and given its remedy. Anything not recognised keeps the driver's message.
 *
 * <p>Never a password: the connection prints without it, and the driver's and server's messages
 * name the user at most.
 */
final class SessionOpenFailure {
  private SessionOpenFailure() {}

  /** What went wrong on one node, from the most specific to the least. */
  enum Problem {
    CERTIFICATE_NOT_TRUSTED,
    HOSTNAME_NOT_IN_CERTIFICATE,
    CLIENT_CERTIFICATE_REFUSED,
    NODE_DOES_NOT_SPEAK_TLS,
    TLS_PROBABLY_REQUIRED,
    OTHER_TLS_FAILURE,
    CREDENTIALS_NEEDED,
    CREDENTIALS_REFUSED
  }

  static IllegalStateException explain(ConnectionSpec connection, RuntimeException failure) {
    Map<Problem, Set<String>> problems = new LinkedHashMap<>();
    Map<Problem, Throwable> examples = new LinkedHashMap<>();
    for (Map.Entry<String, Throwable> attempt : attempts(failure, connection).entrySet()) {
      Problem problem = classify(attempt.getValue(), connection);
      if (problem != null) {
        problems.computeIfAbsent(problem, p -> new TreeSet<>()).add(attempt.getKey());
        examples.putIfAbsent(problem, attempt.getValue());
      }
    }
    String prefix = "CassandraIO cannot open a session with " + connection + ": ";
    for (Problem problem : Problem.values()) {
      if (problems.containsKey(problem)) {
        String nodes = String.join(", ", problems.get(problem));
        return new IllegalStateException(prefix + describe(problem, nodes, examples.get(problem), connection),
            failure);
      }
    }
    if (failure instanceof IllegalArgumentException && String.valueOf(failure.getMessage()).startsWith("with")) {
      // Our own check while opening (a store that cannot be read, an unknown datacenter) already names its option.
      return new IllegalStateException(prefix + failure.getMessage(), failure);
    }
    return new IllegalStateException(prefix + failure.getMessage() + ". Check withContactPoints, "
        + "withLocalDatacenter and withKeyspace (the keyspace must exist before the pipeline runs).", failure);
  }

  /** Each contact point's error ({@code host:port}); the failure itself when it names none. */
  private static Map<String, Throwable> attempts(RuntimeException failure, ConnectionSpec connection) {
    Map<String, Throwable> attempts = new LinkedHashMap<>();
    if (failure instanceof AllNodesFailedException all) {
      for (Map.Entry<Node, List<Throwable>> node : all.getAllErrors().entrySet()) {
        for (Throwable error : node.getValue()) {
          attempts.putIfAbsent(hostPort(node.getKey().getEndPoint()), error);
        }
      }
    }
    if (attempts.isEmpty()) {
      String where = failure instanceof AuthenticationException auth ? hostPort(auth.getEndPoint())
          : String.join(", ", connection.contactPoints());
      attempts.put(where, failure);
    }
    return attempts;
  }

  private static String hostPort(EndPoint endPoint) {
    SocketAddress address = endPoint.resolve();
    return address instanceof InetSocketAddress socket ? socket.getHostString() + ":" + socket.getPort()
        : endPoint.toString();
  }

  static @Nullable Problem classify(Throwable error, ConnectionSpec connection) {
    boolean tlsConfigured = connection.tls() != null || connection.sslEngineFactory() != null;
    List<Throwable> chain = chain(error);
    for (Throwable t : chain) {
      if (t instanceof AuthenticationException) {
        return String.valueOf(t.getMessage()).contains("no authenticator configured")
            ? Problem.CREDENTIALS_NEEDED : Problem.CREDENTIALS_REFUSED;
      }
    }
    if (chain.stream().anyMatch(t -> t instanceof SSLException)) {
      String messages = messages(chain);
      if (chain.stream().anyMatch(t -> t instanceof CertPathBuilderException || t instanceof CertPathValidatorException)
          || messages.contains("PKIX path")) {
        return Problem.CERTIFICATE_NOT_TRUSTED;
      }
      if (messages.contains("No subject alternative") || messages.contains("No name matching")) {
        return Problem.HOSTNAME_NOT_IN_CERTIFICATE;
      }
      if (messages.contains("bad_certificate") || messages.contains("certificate_required")
          || messages.contains("certificate_unknown")) {
        return Problem.CLIENT_CERTIFICATE_REFUSED;
      }
      if (messages.contains("Unsupported or unrecognized SSL message") || messages.contains("plaintext connection")) {
        return Problem.NODE_DOES_NOT_SPEAK_TLS;
      }
      return Problem.OTHER_TLS_FAILURE;
    }
    // A TLS-only node drops a plain connection without a word: the driver sees it closed mid-handshake.
    if (!tlsConfigured && chain.stream().anyMatch(t -> t instanceof ClosedConnectionException)) {
      return Problem.TLS_PROBABLY_REQUIRED;
    }
    return null;
  }

  private static String describe(Problem problem, String nodes, Throwable example, ConnectionSpec connection) {
    String cause = " (" + innermostMessage(example) + ")";
    String trust = connection.tls() != null ? "the trust store given to withTls"
        : "the TLS set-up of withSsl or the driver configuration";
    return switch (problem) {
      case CERTIFICATE_NOT_TRUSTED -> "TLS certificate trust failed on " + nodes + ": the node's certificate is not "
          + "signed by a CA in " + trust + cause + ". Trust the CA that signed the nodes' certificates: "
          + "CassandraTls.trustStore(path, password) with that CA's certificate in it.";
      case HOSTNAME_NOT_IN_CERTIFICATE -> "TLS host name verification failed on " + nodes + ": the node's "
          + "certificate does not name the address it was reached at" + cause + ". Add that address to the "
          + "certificate's subject alternative names, or connect by a name it lists; "
          + "CassandraTls.withHostnameVerification(false) turns the check off.";
      case CLIENT_CERTIFICATE_REFUSED -> "the TLS handshake with " + nodes + " was refused" + cause + ": "
          + (connection.tls() != null && connection.tls().describe().contains("keyStore=")
              ? "the node does not accept the client certificate of the key store given to "
                  + "CassandraTls.withKeyStore; it must be signed by a CA in the node's truststore."
              : "the node probably requires a client certificate (require_client_auth). Present one, signed by a CA "
                  + "the node trusts, with CassandraTls.withKeyStore(path, password).");
      case NODE_DOES_NOT_SPEAK_TLS -> "TLS is configured, but " + nodes + " does not speak TLS on that port" + cause
          + ". Is client_encryption_options enabled on the node, and is this its TLS port?";
      case TLS_PROBABLY_REQUIRED -> nodes + " closed the connection during the CQL handshake" + cause
          + ": the node probably requires TLS (client_encryption_options enabled, optional: false). Connect "
          + "with CassandraConnection.withTls(CassandraTls.trustStore(path, password)).";
      case OTHER_TLS_FAILURE -> "the TLS handshake with " + nodes + " failed" + cause + ".";
      case CREDENTIALS_NEEDED -> nodes + " requires authentication" + cause
          + ": set CassandraConnection.withCredentials(user, password) or withAuthProvider(...).";
      case CREDENTIALS_REFUSED -> connection.username() == null
          ? nodes + " refused the credentials of withAuthProvider" + cause + "."
          : nodes + " refused the credentials of user '" + connection.username() + "'" + cause
              + ". Check the user name and password given to withCredentials.";
    };
  }

  private static List<Throwable> chain(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static String messages(List<Throwable> chain) {
    StringBuilder all = new StringBuilder();
    chain.forEach(t -> all.append(t.getMessage()).append('\n'));
    return all.toString();
  }

  /** The deepest message of the chain: the handshake's or server's own words, without the driver's wrapping. */
  private static String innermostMessage(Throwable error) {
    String message = String.valueOf(error.getMessage());
    for (Throwable t : chain(error)) {
      if (t.getMessage() != null) {
        message = t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return message;
  }
}
