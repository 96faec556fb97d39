package io.cassandraio.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code beam-read}: Beam's own {@code CassandraIO.read()} 2.62.0 (driver 3, the mapper entity of
 * the write contender) on the DirectRunner, in its own JVM like {@link BeamCassandraIOContender};
 * asked for at least {@link PlainScanContender#SPLITS} splits, as the other contenders use. It
 * counts rows and their checksum with Beam counters; the time is the one that JVM measures around
 * {@code pipeline.run().waitUntilFinish()}.
 */
public final class BeamReadContender implements ReadContender {
  public static final String NAME = "beam-read";
  private final String classpath;

  public BeamReadContender(String classpath) {
    this.classpath = classpath;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome read(BenchTarget target) throws Exception {
    JsonNode json = ContenderJvm.run(name(), classpath, "io.cassandraio.bench.beam.BeamCassandraIOReadContender",
        List.of("--contactPoint", BeamCassandraIOContender.contactPoints(target),
            "--port", Integer.toString(target.firstContactPoint().getPort()),
            "--localDc", target.localDc(),
            "--consistency", target.consistency().name(),
            "--minSplits", Integer.toString(PlainScanContender.SPLITS)));
    return new Outcome(json.path("rows").asLong(-1), json.path("checksum").asLong(-1), json.path("seconds").asDouble());
  }
}
