package io.cassandraio.examples.turbine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * One wind-speed reading, as a turbine sends it: {@code {"turbineId": "turbine-0001", "speed": 60}}.
 * Its event time travels as the element's Beam timestamp.
 */
public record SensorEvent(String turbineId, double speed) {

  /** Beam coder: the turbine id, then the speed. */
  public static final Coder<SensorEvent> CODER = new AtomicCoder<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(SensorEvent value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value.turbineId(), out);
      DoubleCoder.of().encode(value.speed(), out);
    }

    @Override
    public SensorEvent decode(InputStream in) throws IOException {
      return new SensorEvent(StringUtf8Coder.of().decode(in), DoubleCoder.of().decode(in));
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of();
    }

    @Override
    public void verifyDeterministic() {}
  };
}
