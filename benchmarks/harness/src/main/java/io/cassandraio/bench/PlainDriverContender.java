package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.bench.job.BenchWrite;
import io.cassandraio.bench.workload.LocalityWorkload;

/**
 * A contender that writes with the plain driver: it opens its own session inside the timed
 * section (as a pipeline does), prepares the INSERT and sends under a bounded window.
 */
abstract class PlainDriverContender implements Contender {
  private final int maxInFlight;

  PlainDriverContender(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  @Override
  public final double write(BenchTarget target, LocalityWorkload workload) throws Exception {
    long start = System.nanoTime();
    try (CqlSession session = target.newSession()) {
      BoundedAsyncSender sender = new BoundedAsyncSender(session, maxInFlight);
      send(session.prepare(BenchWrite.INSERT), sender, target, workload);
      sender.awaitAll(name());
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /** Sends every row of {@code workload} through {@code sender}. */
  abstract void send(PreparedStatement insert, BoundedAsyncSender sender, BenchTarget target,
      LocalityWorkload workload) throws InterruptedException;
}
