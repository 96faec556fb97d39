package io.cassandraio.bench.beam;

import io.cassandraio.bench.workload.EventCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * {@link EventEntity} in the same compact encoding as the workload's {@link EventCoder}, so this
 * contender pays no more for encoding than ours does (Java serialization would).
 */
public final class EventEntityCoder extends AtomicCoder<EventEntity> {
  private static final long serialVersionUID = 1L;
  private static final EventEntityCoder INSTANCE = new EventEntityCoder();

  public static EventEntityCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(EventEntity value, OutputStream out) throws IOException {
    EventCoder.of().encode(value.toEvent(), out);
  }

  @Override
  public EventEntity decode(InputStream in) throws IOException {
    return EventEntity.of(EventCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
