package io.cassandraio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Deterministic coder of {@link MicroBatch}: the stable-input buffer and shuffles use it.
 *
 * <p>Its encoding is fixed, because Flink savepoints hold micro-batches in it: sink id and epoch
 * (UTF-8), shard (VarInt), sequence and base timestamp (VarLong), then the elements as a
 * {@code ListCoder} of the element coder. Flink also keeps this coder itself, Java-serialized, with
 * the state: its fields and {@code serialVersionUID} must not change either (README, "Savepoints,
 * restores and upgrades").
 */
public final class MicroBatchCoder<T> extends CustomCoder<MicroBatch<T>> {
  private static final long serialVersionUID = 1L;
  private final ListCoder<T> elements;

  private MicroBatchCoder(Coder<T> elementCoder) {
    this.elements = ListCoder.of(elementCoder);
  }

  public static <T> MicroBatchCoder<T> of(Coder<T> elementCoder) {
    return new MicroBatchCoder<>(elementCoder);
  }

  @Override
  public void encode(MicroBatch<T> batch, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(batch.id().sinkId(), out);
    StringUtf8Coder.of().encode(batch.id().epoch(), out);
    VarIntCoder.of().encode(batch.id().shard(), out);
    VarLongCoder.of().encode(batch.id().sequence(), out);
    VarLongCoder.of().encode(batch.baseTimestampMicros(), out);
    elements.encode(batch.elements(), out);
  }

  @Override
  public MicroBatch<T> decode(InputStream in) throws IOException {
    BatchId id = new BatchId(StringUtf8Coder.of().decode(in), StringUtf8Coder.of().decode(in),
        VarIntCoder.of().decode(in), VarLongCoder.of().decode(in));
    long base = VarLongCoder.of().decode(in);
    List<T> list = elements.decode(in);
    return new MicroBatch<>(id, base, list);
  }

  public Coder<T> getElementCoder() {
    return elements.getElemCoder();
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(elements.getElemCoder());
  }

  /** Equal when the element coders are (Beam's coder contract: equal to itself after serialization). */
  @Override
  public boolean equals(Object other) {
    return other instanceof MicroBatchCoder<?> that && elements.equals(that.elements);
  }

  @Override
  public int hashCode() {
    return 31 * MicroBatchCoder.class.hashCode() + elements.hashCode();
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    elements.verifyDeterministic();
  }
}
