package io.cassandraio.it.flink.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live threads of another JVM, by name, as {@code jcmd PID Thread.print} lists them, and
 * which of them belong to the Cassandra driver or to CassandraIO.
 */
final class JvmThreads {
  /** A thread's header line: {@code "name" #12 daemon prio=5 ...} (JDK 17). */
  private static final Pattern HEADER = Pattern.compile("^\"(.*)\" #\\d+ ");
  /**
   * Driver 4 names a session's threads after the session ({@code s0}, {@code s1} ... unless
   * configured): its Netty I/O and admin event loops and its request timer. Threads that
   * CassandraIO names itself start with {@code cassandraio-} (its retry timer was one, up to
   * main's 97095b1).
   */
  private static final Pattern CASSANDRA_CLIENT = Pattern.compile("s\\d+-(io|admin|timer)-\\d+|cassandraio-.*");
  /** Digits make one thread of a pool differ from the next; without them, names group by pool. */
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private JvmThreads() {}

  /** Names of every live thread of {@code pid}. */
  static List<String> names(long pid) {
    return parse(Jcmd.run(pid, "Thread.print"));
  }

  static List<String> parse(String threadDump) {
    List<String> names = new ArrayList<>();
    for (String line : threadDump.split("\n")) {
      Matcher m = HEADER.matcher(line);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("no thread found in this thread dump: " + threadDump);
    }
    return names;
  }

  /** The threads of {@code pid} that the Cassandra driver or CassandraIO started. */
  static List<String> cassandraClientThreads(long pid) {
    return names(pid).stream().filter(JvmThreads::isCassandraClient).toList();
  }

  static boolean isCassandraClient(String threadName) {
    return CASSANDRA_CLIENT.matcher(threadName).matches();
  }

  /** Threads counted per pool ({@code s0-io-#: 2}), for reports on what grew. */
  static Map<String, Integer> byPool(List<String> names) {
    Map<String, Integer> pools = new TreeMap<>();
    for (String name : names) {
      pools.merge(DIGITS.matcher(name).replaceAll("#"), 1, Integer::sum);
    }
    return pools;
  }
}
