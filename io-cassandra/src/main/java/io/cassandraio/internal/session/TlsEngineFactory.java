package io.cassandraio.internal.session;

import com.datastax.oss.driver.api.core.metadata.EndPoint;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The driver's TLS engines for a {@link TlsSpec}, built on the worker.
 *
 * <p>Not the driver's {@code ProgrammaticSslEngineFactory}: that one names the peer by a reverse
 * DNS lookup of its address ({@code getHostName()}), which can stall where DNS is slow and then
 * verifies a name the user never gave. Here the peer is named as the driver knows it: the host of a
 * contact point as written, or the address of a node found in {@code system.peers}, which is what
 * a node certificate's subject alternative names list.
 */
final class TlsEngineFactory implements SslEngineFactory {
  private final SSLContext context;
  private final boolean hostnameVerification;

  TlsEngineFactory(TlsSpec tls) {
    this.context = tls.sslContext();
    this.hostnameVerification = tls.hostnameVerification();
  }

  @Override
  public SSLEngine newSslEngine(EndPoint remoteEndpoint) {
    SocketAddress remote = remoteEndpoint.resolve();
    SSLEngine engine = remote instanceof InetSocketAddress address
        ? context.createSSLEngine(address.getHostString(), address.getPort())
        : context.createSSLEngine();
    engine.setUseClientMode(true);
    if (hostnameVerification) {
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
    }
    return engine;
  }

  @Override
  public void close() {
    // Nothing held: the context lives as long as the session's engines.
  }
}
