package io.cassandraio.local;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Asks a node whether its CQL native transport answers, with a protocol-v4 OPTIONS request.
 *
 * <p>An open TCP port is not enough: the transport must reply SUPPORTED, which is what any
 * driver's first request needs. Pure JDK, so the launcher needs no driver.
 */
final class CqlProbe {
  private static final int PROTOCOL_V4_REQUEST = 0x04;
  private static final int PROTOCOL_V4_RESPONSE = 0x84;
  private static final int OPCODE_OPTIONS = 0x05;
  private static final int OPCODE_SUPPORTED = 0x06;
  private static final int TIMEOUT_MS = 2000;

  private CqlProbe() {}

  static boolean answers(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
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
