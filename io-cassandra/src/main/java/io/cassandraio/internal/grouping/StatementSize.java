package io.cassandraio.internal.grouping;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import java.nio.ByteBuffer;

/**
 * A statement's size as a batch carries it: its serialized values plus per-value and
 * per-statement framing. The driver's {@code computeSizeInBytes} is exact but re-walks the whole
 * request on every call; the values are already serialized, so summing them is nearly free.
 */
public final class StatementSize {
  /** Statement id, flags and the value count in a batch entry. */
  static final int STATEMENT_OVERHEAD = 24;
  /** The 4-byte length in front of every value. */
  static final int VALUE_OVERHEAD = 4;

  private StatementSize() {}

  public static int estimate(BoundStatement statement) {
    int size = STATEMENT_OVERHEAD;
    for (ByteBuffer value : statement.getValues()) {
      size += VALUE_OVERHEAD + (value == null ? 0 : value.remaining());
    }
    return size;
  }
}
