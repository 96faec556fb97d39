package io.cassandraio;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;

/** The coder of the stable-input buffer: every field survives, and it is deterministic when its elements are. */
public class MicroBatchCoderTest {
  private static final MicroBatchCoder<KV<String, Long>> CODER =
      MicroBatchCoder.of(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

  private static MicroBatch<KV<String, Long>> batch(String sink, String epoch, int shard, long seq, long base, int n) {
    List<KV<String, Long>> elements = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      elements.add(KV.of("key-" + i + "-\u00e9\u6f22", (long) i * 1_000_003L - 7));
    }
    return new MicroBatch<>(new BatchId(sink, epoch, shard, seq), base, elements);
  }

  @Test
  public void roundTripKeepsIdTimestampAndElements() throws Exception {
    List<MicroBatch<KV<String, Long>>> samples = List.of(
        batch("sink-a", "epoch-1", 0, 0, 0L, 0),
        batch("sink-a", "epoch-1", 15, 42, 1_700_000_000_000_000L, 3),
        batch("s:b.c_d", "", 65_535, Long.MAX_VALUE, Long.MIN_VALUE, 1),
        batch("x", "e", Integer.MAX_VALUE, -1L, -1L, 500));
    for (MicroBatch<KV<String, Long>> b : samples) {
      for (Coder.Context context : new Coder.Context[] {Coder.Context.OUTER, Coder.Context.NESTED}) {
        byte[] bytes = CoderUtils.encodeToByteArray(CODER, b, context);
        assertEquals(context.toString(), b, CoderUtils.decodeFromByteArray(CODER, bytes, context));
      }
      // Nested: two batches back to back in one stream decode as two.
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      CODER.encode(b, out);
      CODER.encode(b, out);
      java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(out.toByteArray());
      assertEquals(b, CODER.decode(in));
      assertEquals(b, CODER.decode(in));
      assertEquals(0, in.available());
      MicroBatch<KV<String, Long>> copy = CoderUtils.clone(CODER, b);
      assertEquals(b.id(), copy.id());
      assertEquals(b.baseTimestampMicros(), copy.baseTimestampMicros());
      assertEquals(b.elements(), copy.elements());
      assertEquals(b.timestampOf(2), copy.timestampOf(2));
    }
  }

  @Test
  public void encodingIsDeterministic() throws Exception {
    CODER.verifyDeterministic();
    MicroBatch<KV<String, Long>> b = batch("sink", "epoch", 3, 9, 123_456L, 20);
    assertArrayEquals(CoderUtils.encodeToByteArray(CODER, b),
        CoderUtils.encodeToByteArray(CODER, batch("sink", "epoch", 3, 9, 123_456L, 20)));
    assertArrayEquals(CoderUtils.encodeToByteArray(CODER, b), CoderUtils.encodeToByteArray(CODER, CoderUtils.clone(CODER, b)));
  }

  @Test
  public void nonDeterministicElementCoderIsReported() {
    MicroBatchCoder<Double> doubles = MicroBatchCoder.of(DoubleCoder.of());
    assertThrows(Coder.NonDeterministicException.class, doubles::verifyDeterministic);
  }

  @Test
  public void exposesItsElementCoderAndIsSerializable() {
    assertEquals(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()), CODER.getElementCoder());
    assertEquals(List.of(CODER.getElementCoder()), CODER.getCoderArguments());
    // Beam's coder contract (CoderProperties.coderSerializable): equal to itself after serialization.
    MicroBatchCoder<KV<String, Long>> copy = SerializableUtils.clone(CODER);
    assertEquals(CODER, copy);
    assertEquals(CODER.hashCode(), copy.hashCode());
    assertEquals(MicroBatchCoder.of(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())), CODER);
    assertNotEquals(MicroBatchCoder.of(StringUtf8Coder.of()), CODER);
  }
}
