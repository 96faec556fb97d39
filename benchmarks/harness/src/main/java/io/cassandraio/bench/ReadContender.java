package io.cassandraio.bench;

/** One way of reading the whole benchmark table, timed by the harness ({@code scripts/bench --read}). */
public interface ReadContender {
  /** The name used in the output. */
  String name();

  /** Reads every row of {@code bench.events} from {@code target}, counting rows and their checksum. */
  Outcome read(BenchTarget target) throws Exception;

  /**
   * What a read saw: the rows, their {@link io.cassandraio.bench.workload.ReadChecksum} sum, and
   * the seconds it took (session open and pipeline run included, JVM start excluded).
   */
  record Outcome(long rows, long checksum, double seconds) {}
}
