package io.cassandraio.internal.result;

import io.cassandraio.FailedWrite;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Encodes a {@link FailedWrite} with the input's own coder for the element. */
public final class FailedWriteCoder<T> extends CustomCoder<FailedWrite<T>> {
  private static final long serialVersionUID = 1L;
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final BooleanCoder BOOLEAN = BooleanCoder.of();
  private final Coder<T> elementCoder;

  private FailedWriteCoder(Coder<T> elementCoder) {
    this.elementCoder = elementCoder;
  }

  public static <T> FailedWriteCoder<T> of(Coder<T> elementCoder) {
    return new FailedWriteCoder<>(elementCoder);
  }

  @Override
  public void encode(FailedWrite<T> value, OutputStream out) throws IOException {
    elementCoder.encode(value.getElement(), out);
    STRING.encode(value.getErrorClass(), out);
    STRING.encode(value.getErrorMessage(), out);
    BOOLEAN.encode(value.isOutcomeUnknown(), out);
  }

  @Override
  public FailedWrite<T> decode(InputStream in) throws IOException {
    return new FailedWrite<>(elementCoder.decode(in), STRING.decode(in), STRING.decode(in), BOOLEAN.decode(in));
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(elementCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    elementCoder.verifyDeterministic();
  }
}
