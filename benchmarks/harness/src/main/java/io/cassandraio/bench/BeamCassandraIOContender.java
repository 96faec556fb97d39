package io.cassandraio.bench;

import io.cassandraio.bench.workload.LocalityWorkload;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Beam's own {@code CassandraIO.write} 2.62.0 (driver 3, mapper entity, DirectRunner). Driver 3
 * and driver 4 cannot share a classpath, so it runs in its own JVM (module
 * {@code benchmarks/beam-cassandraio}); the time is the one that JVM measures around
 * {@code pipeline.run().waitUntilFinish()}, JVM start excluded.
 */
public final class BeamCassandraIOContender implements Contender {
  /** System property: the classpath of module benchmarks/beam-cassandraio (set by scripts/bench). */
  public static final String CLASSPATH_PROPERTY = "bench.beam.classpath";

  private final String classpath;

  public BeamCassandraIOContender(String classpath) {
    this.classpath = classpath;
  }

  @Override
  public String name() {
    return "beam-cassandraio";
  }

  @Override
  public double write(BenchTarget target, LocalityWorkload workload) throws IOException, InterruptedException {
    return ContenderJvm.run(name(), classpath, "io.cassandraio.bench.beam.BeamCassandraIOContender", List.of(
        "--contactPoint", contactPoints(target),
        "--port", Integer.toString(target.firstContactPoint().getPort()),
        "--localDc", target.localDc(),
        "--keyspace", BenchTarget.KEYSPACE,
        "--rows", Long.toString(workload.rows()),
        "--locality", Double.toString(workload.locality()),
        "--seed", Long.toString(workload.seed()),
        "--consistency", target.consistency().name())).path("seconds").asDouble();
  }

  static String contactPoints(BenchTarget target) {
    return target.contactPoints().stream().map(a -> a.getHostString()).collect(Collectors.joining(","));
  }
}
