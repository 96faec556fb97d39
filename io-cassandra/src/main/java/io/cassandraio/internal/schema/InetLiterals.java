package io.cassandraio.internal.schema;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals to and from {@link InetAddress}, without DNS. {@code InetAddress.getByName}
 * resolves anything that is not a literal, so a host name in a Row would block a writer on a
 * lookup and store whatever address it happened to get: here it is refused instead.
 */
public final class InetLiterals {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  /** Hex groups and colons, optionally ending in a dotted IPv4 address; no zone ({@code %eth0}). */
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

  private InetLiterals() {}

  /** The address of an IPv4 or IPv6 literal; {@link IllegalArgumentException} for anything else. */
  public static InetAddress parse(String literal) {
    var v4 = IPV4.matcher(literal);
    try {
      if (v4.matches()) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(v4.group(i + 1));
          if (octet > 255) {
            throw notALiteral(literal);
          }
          bytes[i] = (byte) octet;
        }
        return InetAddress.getByAddress(bytes);
      }
      if (IPV6.matcher(literal).matches()) {
        // With a ':' in it, getByName parses an IPv6 literal and never falls back to DNS.
        return InetAddress.getByName(literal);
      }
    } catch (UnknownHostException e) {
      throw notALiteral(literal);
    }
    throw notALiteral(literal);
  }

  /** The address of 4 (IPv4) or 16 (IPv6) bytes. */
  public static InetAddress fromBytes(byte[] bytes) {
    if (bytes.length != 4 && bytes.length != 16) {
      throw new IllegalArgumentException(bytes.length + " bytes are no IP address (inet takes 4 bytes for IPv4 or 16 "
          + "for IPv6)");
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // only for a wrong length, checked above
    }
  }

  private static IllegalArgumentException notALiteral(String value) {
    return new IllegalArgumentException("'" + value + "' is not an IP address literal (inet takes an IPv4 or IPv6 "
        + "address such as 10.0.0.1 or ::1; host names are not looked up)");
  }

  /** The literal: dotted IPv4, or IPv6 as RFC 5952 writes it (lower case, longest zero run as "::"). */
  public static String format(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened (RFC 5952 4.2.2)
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLength - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i]));
    }
    return s.toString();
  }
}
