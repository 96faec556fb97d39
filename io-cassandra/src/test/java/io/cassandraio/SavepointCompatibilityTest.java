package io.cassandraio;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.CrashingRunner;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/**
 * What a Flink savepoint depends on: the full names of the steps the write adds (Flink's operator
 * uids) and the encoding of the micro-batches buffered as stable input. A change that breaks
 * either makes users' savepoints unrestorable, so it must be deliberate: update the README's
 * "Savepoints, restores and upgrades" table together with these expectations.
 */
public class SavepointCompatibilityTest {
  private static final CassandraConnection CONNECTION = CassandraConnection.create()
      .withContactPoints("127.0.0.1").withLocalDatacenter("datacenter1").withKeyspace("ks");

  private static CassandraIO.Write<String> write() {
    return CassandraIO.<String>write().withConnection(CONNECTION)
        .withStatement("INSERT INTO t (k) VALUES (?)", (e, b) -> b.setString(0, e).build());
  }

  @Test
  public void theExactlyOnceWriteAddsTheseStepsUnderTheUsersName() {
    assertEquals(List.of(
            "Write page views/Write to Cassandra exactly once/Shard by partition key",
            "Write page views/Write to Cassandra exactly once/Cut micro-batches",
            "Write page views/Write to Cassandra exactly once/Write micro-batches once",
            "Write page views/Write to Cassandra exactly once/Publish metrics"),
        stepsOf(write().withExactlyOnce(ExactlyOnce.sinkId("views"))));
  }

  @Test
  public void thePlainWriteAddsOneStep() {
    assertEquals(List.of("Write page views/Write to Cassandra"), stepsOf(write()));
  }

  @Test
  public void microBatchEncodingIsFixed() throws Exception {
    MicroBatch<String> batch = new MicroBatch<>(new BatchId("s", "e", 3, 300), 1_000L, List.of("a", "bc"));
    // sink id "s", epoch "e" (length-prefixed UTF-8), shard 3 and sequence 300 (VarInt/VarLong),
    // base timestamp 1000 (VarLong), then a list of 2 elements, each length-prefixed.
    assertEquals("0173" + "0165" + "03" + "ac02" + "e807" + "00000002" + "0161" + "026263",
        hex(CoderUtils.encodeToByteArray(MicroBatchCoder.of(StringUtf8Coder.of()), batch)));
  }

  private static List<String> stepsOf(CassandraIO.Write<String> write) {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(CrashingRunner.class); // only applied, never run
    Pipeline p = Pipeline.create(options);
    p.apply("Events", Create.of("a")).apply("Write page views", write);
    List<String> steps = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        if (node.getFullName().startsWith("Write page views/")) {
          steps.add(node.getFullName());
        }
      }
    });
    return steps;
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(String.format("%02x", b));
    }
    return s.toString();
  }
}
