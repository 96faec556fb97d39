package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;

import io.cassandraio.CassandraConnection;
import io.cassandraio.examples.turbine.TurbineAggregatedRecord;
import io.cassandraio.examples.turbine.WindTurbinePipeline;
import io.cassandraio.it.support.SessionLeases;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.TurbineRows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/** The mapper path ({@code withEntity}) end to end on the DirectRunner. */
public class EntityWriteIT {
  @ClassRule
  public static final TestKeyspace KS_A = TestKeyspace.onSharedNode("entity_write_a")
      .withSetup(WindTurbinePipeline::createSchema);
  @ClassRule
  public static final TestKeyspace KS_B = TestKeyspace.onSharedNode("entity_write_b")
      .withSetup(WindTurbinePipeline::createSchema);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /**
   * Two writes through one connection whose DAO factories differ only in what they captured (the
   * keyspace): each must get its own DAO, although both share one session and one lambda class.
   */
  @Test
  public void daoFactoriesThatDifferOnlyInCapturedStateGetTheirOwnDao() {
    Instant base = Instant.parse("2026-06-01T12:05:00Z");
    List<TurbineAggregatedRecord> rows = IntStream.range(0, 40)
        .mapToObj(i -> new TurbineAggregatedRecord("turbine-" + (i % 4), base.plusSeconds(300L * (i / 4)), i + 2, i, i + 1))
        .collect(Collectors.toList());
    CassandraConnection connection = SharedCassandra.connection();
    PCollection<TurbineAggregatedRecord> input =
        pipeline.apply(Create.of(rows).withCoder(SerializableCoder.of(TurbineAggregatedRecord.class)));
    input.apply("Write A", WindTurbinePipeline.write(connection, KS_A.name()));
    input.apply("Write B", WindTurbinePipeline.write(connection, KS_B.name()));
    pipeline.run().waitUntilFinish();

    Map<String, TurbineAggregatedRecord> expected = new TreeMap<>();
    rows.forEach(r -> expected.put(TurbineRows.key(r.turbineid(), r.reportedTime()), r));
    assertEquals("rows in " + KS_A, expected, TurbineRows.readAll(KS_A.session(), KS_A.name()));
    assertEquals("rows in " + KS_B, expected, TurbineRows.readAll(KS_B.session(), KS_B.name()));
    SessionLeases.awaitReleased("after the job");
  }
}
