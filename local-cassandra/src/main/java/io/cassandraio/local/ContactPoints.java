package io.cassandraio.local;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses "host[:port],host[:port]" as given in {@value CassandraBackends#CONTACT_POINTS_ENV} or in a
 * job's contact-points option.
 */
final class ContactPoints {
  static final int DEFAULT_PORT = 9042;

  private ContactPoints() {}

  static List<InetSocketAddress> parse(String text) {
    return parse(text, CassandraBackends.CONTACT_POINTS_ENV);
  }

  /** As {@link #parse(String)}; errors name {@code source} (an environment variable or an option). */
  static List<InetSocketAddress> parse(String text, String source) {
    List<InetSocketAddress> points = new ArrayList<>();
    for (String raw : text.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.lastIndexOf(':');
      String host = colon < 0 ? entry : entry.substring(0, colon);
      int port = DEFAULT_PORT;
      if (colon >= 0) {
        try {
          port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(source + " entry '"
              + entry + "' has a port that is not a number", e);
        }
      }
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new IllegalArgumentException(source + " entry '"
            + entry + "' is not host[:port] with a port in 1..65535");
      }
      points.add(InetSocketAddress.createUnresolved(host, port));
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException(source
          + " holds no contact point; expected host[:port],host[:port]");
    }
    return List.copyOf(points);
  }
}
