package io.cassandraio.bench.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** A compact coder for {@link Event}, so that a runner's encoding does not dominate the benchmark. */
public final class EventCoder extends AtomicCoder<Event> {
  private static final long serialVersionUID = 1L;
  private static final EventCoder INSTANCE = new EventCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();

  public static EventCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Event e, OutputStream out) throws IOException {
    STRING.encode(e.sensorId(), out);
    VarLongCoder.of().encode(e.ts(), out);
    DoubleCoder.of().encode(e.value(), out);
    STRING.encode(e.payload(), out);
  }

  @Override
  public Event decode(InputStream in) throws IOException {
    return new Event(STRING.decode(in), VarLongCoder.of().decode(in), DoubleCoder.of().decode(in), STRING.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
