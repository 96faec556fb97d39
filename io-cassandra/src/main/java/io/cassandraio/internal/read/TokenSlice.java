package io.cassandraio.internal.read;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * The Murmur3 tokens {@code t} with {@code start < t <= end}, {@code start < end}: what one
 * {@code WHERE token(pk) > ? AND token(pk) <= ?} reads. Never wraps around the ring (the planner
 * cuts the range that does in two). No partition key has the token {@code Long.MIN_VALUE}, so
 * {@code (Long.MIN_VALUE, end]} holds every key up to {@code end}.
 */
public record TokenSlice(long start, long end) implements Serializable {
  private static final long serialVersionUID = 1L;

  public TokenSlice {
    if (start >= end) {
      throw new IllegalArgumentException("a token slice (start, end] needs start < end, was (" + start + ", " + end + "]");
    }
  }

  /** How many tokens it holds (up to 2^64 - 1, hence not a long). */
  public BigInteger width() {
    return BigInteger.valueOf(end).subtract(BigInteger.valueOf(start));
  }

  @Override
  public String toString() {
    return "(" + start + ", " + end + "]";
  }
}
