package io.cassandraio.local;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Evenly spaced Murmur3 tokens, one per node, so that every node owns the same share of the ring. */
final class TokenLayout {
  private static final BigInteger RING_SIZE = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger MIN_TOKEN = BigInteger.valueOf(Long.MIN_VALUE);

  private TokenLayout() {}

  /** The initial tokens of an {@code nodes}-node ring, first node first. */
  static List<Long> evenlySpaced(int nodes) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
    }
    BigInteger step = RING_SIZE.divide(BigInteger.valueOf(nodes));
    List<Long> tokens = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      tokens.add(MIN_TOKEN.add(step.multiply(BigInteger.valueOf(i))).longValueExact());
    }
    return tokens;
  }
}
