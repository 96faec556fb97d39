package io.cassandraio.local;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Asks a node whether its CQL native transport answers, with a protocol-v4 OPTIONS request.
 *
 * <p>An open TCP port is not enough: the transport must reply SUPPORTED, which is what any
 * driver's first request needs. Pure JDK, so the launcher needs no driver. On a node with client
 * encryption the request goes over TLS, so the handshake is part of what must work.
 */
final class CqlProbe {
  private static final int PROTOCOL_V4_REQUEST = 0x04;
  private static final int PROTOCOL_V4_RESPONSE = 0x84;
  private static final int OPCODE_OPTIONS = 0x05;
  private static final int OPCODE_SUPPORTED = 0x06;
  private static final int TIMEOUT_MS = 2000;

  private CqlProbe() {}

  static boolean answers(String address, int port) {
    return answers(address, port, null);
  }

  /** {@code tls}: how to speak TLS to the node, or null for a plain connection. */
  static boolean answers(String address, int port, SSLContext tls) {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      plain.setSoTimeout(TIMEOUT_MS);
      Socket socket = plain;
      if (tls != null) {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, address, port, true);
        secure.startHandshake();
        socket = secure;
      }
      OutputStream out = socket.getOutputStream();
      // version, flags, stream id (2 bytes), opcode, body length (4 bytes)
      out.write(new byte[] {PROTOCOL_V4_REQUEST, 0, 0, 1, OPCODE_OPTIONS, 0, 0, 0, 0});
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] header = new byte[9];
      in.readFully(header);
      return (header[0] & 0xff) == PROTOCOL_V4_RESPONSE && header[4] == OPCODE_SUPPORTED;
    } catch (IOException e) {
      return false;
    }
  }
}
