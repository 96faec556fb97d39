package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain scan's splits: the ring's token ranges, each cut into equal pieces, as many pieces
 * per range as its share of the ring calls for (at least one), about {@code n} in all.
 */
final class RingSlices {
  private RingSlices() {}

  /** Murmur3 tokens {@code (start, end]}, never wrapping. */
  record Slice(long start, long end) {
    BigInteger size() {
      return BigInteger.valueOf(end).subtract(BigInteger.valueOf(start));
    }
  }

  /** The ring of {@code tokens} cut into about {@code n} slices. */
  static List<Slice> of(TokenMap tokens, int n) {
    List<Slice> ring = new ArrayList<>();
    for (TokenRange range : tokens.getTokenRanges()) {
      ring.addAll(unwrap(Long.parseLong(tokens.format(range.getStart())), Long.parseLong(tokens.format(range.getEnd()))));
    }
    return split(ring, n);
  }

  /**
   * {@code (start, end]} as ranges that do not wrap. The one that wraps becomes (start, max] and
   * (min, end]; Murmur3 gives no key the minimum token, so nothing lies in between. With one
   * token on the ring, start == end: the whole ring.
   */
  static List<Slice> unwrap(long start, long end) {
    if (end > start) {
      return List.of(new Slice(start, end));
    }
    List<Slice> halves = new ArrayList<>(List.of(new Slice(start, Long.MAX_VALUE)));
    if (end != Long.MIN_VALUE) {
      halves.add(new Slice(Long.MIN_VALUE, end));
    }
    return halves;
  }

  /** Each range in equal pieces, {@code max(1, round(n * its share))} of them. */
  static List<Slice> split(List<Slice> ranges, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("the number of splits must be at least 1, was " + n);
    }
    BigInteger total = ranges.stream().map(Slice::size).reduce(BigInteger.ZERO, BigInteger::add);
    List<Slice> slices = new ArrayList<>();
    for (Slice range : ranges) {
      BigInteger size = range.size();
      long share = Math.max(1, Math.round(size.multiply(BigInteger.valueOf(n)).doubleValue() / total.doubleValue()));
      // Never finer than one token per piece (the whole ring has 2^64 - 1 of them: no long).
      long pieces = size.min(BigInteger.valueOf(share)).longValueExact();
      BigInteger step = size.divide(BigInteger.valueOf(pieces));
      long start = range.start();
      for (long i = 1; i <= pieces; i++) {
        long end = i == pieces ? range.end()
            : BigInteger.valueOf(range.start()).add(step.multiply(BigInteger.valueOf(i))).longValueExact();
        slices.add(new Slice(start, end));
        start = end;
      }
    }
    return slices;
  }
}
