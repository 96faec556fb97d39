package io.cassandraio.bench;

import java.time.Duration;
import java.util.List;

/**
 * CPU seconds used so far by this JVM (the client) and by the Cassandra nodes. Client and server
 * share the machine's cores, so where the CPU goes explains the throughput each contender gets.
 */
record CpuTimes(double clientSeconds, double serverSeconds) {
  static CpuTimes now(List<Long> serverPids) {
    double server = 0;
    for (long pid : serverPids) {
      server += seconds(ProcessHandle.of(pid).orElse(null));
    }
    return new CpuTimes(seconds(ProcessHandle.current()), server);
  }

  CpuTimes minus(CpuTimes earlier) {
    return new CpuTimes(clientSeconds - earlier.clientSeconds, serverSeconds - earlier.serverSeconds);
  }

  private static double seconds(ProcessHandle process) {
    if (process == null) {
      return 0;
    }
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
  }
}
