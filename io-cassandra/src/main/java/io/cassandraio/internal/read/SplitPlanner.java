package io.cassandraio.internal.read;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Cuts the Murmur3 ring into read splits. Pure logic, no driver:
 *
 * <ol>
 *   <li>every range of the token map becomes one or two {@link TokenSlice}s: the range that wraps
 *       around the ring, {@code (s, e]} with {@code s >= e}, is cut at the ring's end into {@code
 *       (s, MAX]} and {@code (MIN, e]} (Beam's own CassandraIO queried it as one range and lost
 *       the rows on one side of the wrap, apache/beam#21715). The slices must tile the ring
 *       {@code (MIN, MAX]} exactly, or planning fails rather than lose or repeat rows;
 *   <li>slices are grouped by replica set, so that a split is read from the nodes that hold it;
 *   <li>the number of splits is {@code withNumSplits(n)}, else the table's estimated size over
 *       {@link #DEFAULT_TARGET_SPLIT_BYTES}, at least {@link #MIN_DEFAULT_SPLITS} and one per replica
 *       set, at most {@link #MAX_DEFAULT_SPLITS};
 *   <li>the splits are handed out to the replica sets in proportion to their share of the ring (at
 *       least one each; with fewer splits than replica sets, whole sets are packed together), and
 *       each set's slices are cut evenly by token width: Murmur3 spreads keys evenly over tokens.
 * </ol>
 */
public final class SplitPlanner {
  /** What a split should hold by default, as the Spark connector's {@code split_size_in_mb}. */
  public static final long DEFAULT_TARGET_SPLIT_BYTES = 64L << 20;
  /** The most splits planned from size estimates (an estimate can be wildly high). */
  public static final int MAX_DEFAULT_SPLITS = 10_000;
  /**
   * Without {@code withNumSplits}, at least this many splits: several workers read and convert
   * even a table whose size estimates are small or not computed yet (Cassandra refreshes them
   * every few minutes), and on a cluster where every range has the same replicas (RF = nodes).
   */
  public static final int MIN_DEFAULT_SPLITS = 8;
  /** Estimates above this (1 PiB) are taken as this: a single node's estimate can be absurd. */
  static final long MAX_ESTIMATED_BYTES = 1L << 50;
  static final BigInteger RING_WIDTH = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE); // (MIN, MAX]

  private SplitPlanner() {}

  /**
   * The splits of {@code ring}: exactly {@code numSplits} of them when given, else as many as
   * {@code estimates} suggest at {@code targetSplitBytes} each, and at least {@code minSplits}
   * ({@link #MIN_DEFAULT_SPLITS} for a read).
   */
  public static List<ReadSplit> plan(List<RingRange> ring, List<SizeEstimate> estimates, @Nullable Integer numSplits,
      long targetSplitBytes, int minSplits) {
    Map<List<String>, List<TokenSlice>> groups = groupByReplicas(ring);
    int count = numSplits != null ? numSplits
        : defaultSplitCount(estimatedBytes(estimates), groups.size(), targetSplitBytes, minSplits);
    return count >= groups.size() ? spread(groups, count) : pack(groups, count);
  }

  /** The slices of {@code ring} by replica set, each set's slices in token order; checks the tiling. */
  static Map<List<String>, List<TokenSlice>> groupByReplicas(List<RingRange> ring) {
    if (ring.isEmpty()) {
      throw new IllegalArgumentException("the token map has no token ranges");
    }
    List<TokenSlice> all = new ArrayList<>();
    Map<List<String>, List<TokenSlice>> groups = new LinkedHashMap<>();
    List<RingRange> ordered = new ArrayList<>(ring);
    ordered.sort(Comparator.comparingLong(RingRange::end));
    for (RingRange range : ordered) {
      for (TokenSlice slice : slicesOf(range.start(), range.end())) {
        all.add(slice);
        groups.computeIfAbsent(range.replicas(), r -> new ArrayList<>()).add(slice);
      }
    }
    requireTiling(all);
    groups.values().forEach(g -> g.sort(Comparator.comparingLong(TokenSlice::start)));
    return groups;
  }

  /** {@code (start, end]} as slices that do not wrap: two for the wrapping range, one otherwise. */
  static List<TokenSlice> slicesOf(long start, long end) {
    if (start < end) {
      return List.of(new TokenSlice(start, end));
    }
    List<TokenSlice> slices = new ArrayList<>(2);
    if (start < Long.MAX_VALUE) {
      slices.add(new TokenSlice(start, Long.MAX_VALUE));
    }
    if (end > Long.MIN_VALUE) {
      slices.add(new TokenSlice(Long.MIN_VALUE, end));
    }
    return slices;
  }

  /** Throws unless {@code slices} cover {@code (MIN, MAX]} once: no gap, no overlap. */
  static void requireTiling(List<TokenSlice> slices) {
    List<TokenSlice> sorted = new ArrayList<>(slices);
    sorted.sort(Comparator.comparingLong(TokenSlice::start));
    long expected = Long.MIN_VALUE;
    for (TokenSlice s : sorted) {
      if (s.start() != expected) {
        throw new IllegalStateException("the token ranges do not cover the ring exactly once: "
            + (s.start() > expected ? "no range holds (" + expected + ", " + s.start() + "]"
                : "tokens after " + s.start() + " are in two ranges") + " (ranges: " + sorted + ")");
      }
      expected = s.end();
    }
    if (expected != Long.MAX_VALUE) {
      throw new IllegalStateException("the token ranges do not cover the ring exactly once: no range holds ("
          + expected + ", " + Long.MAX_VALUE + "] (ranges: " + sorted + ")");
    }
  }

  /**
   * The table's size in bytes from its size estimates, clamped: negative counts count as 0, a
   * range reported twice (two nodes during a topology change) once, and the ranges not reported
   * (a node down) extrapolated from those that were,
   * unless those cover less than a thousandth of the ring. 0 when nothing useful was reported.
   */
  static long estimatedBytes(List<SizeEstimate> estimates) {
    Map<List<Long>, Long> bytesByRange = new LinkedHashMap<>();
    for (SizeEstimate e : estimates) {
      long bytes = saturatedProduct(Math.max(0, e.partitions()), Math.max(0, e.meanPartitionBytes()));
      bytesByRange.merge(List.of(e.start(), e.end()), bytes, Math::max);
    }
    BigInteger covered = BigInteger.ZERO;
    BigInteger bytes = BigInteger.ZERO;
    for (Map.Entry<List<Long>, Long> e : bytesByRange.entrySet()) {
      for (TokenSlice s : slicesOf(e.getKey().get(0), e.getKey().get(1))) {
        covered = covered.add(s.width());
      }
      bytes = bytes.add(BigInteger.valueOf(e.getValue()));
    }
    if (covered.signum() == 0 || bytes.signum() == 0) {
      return 0;
    }
    covered = covered.min(RING_WIDTH);
    // A sliver of the ring (under 1/1000) would extrapolate one odd range to the whole table: taken as it is.
    BigInteger whole = covered.compareTo(RING_WIDTH.divide(BigInteger.valueOf(1000))) < 0 ? bytes
        : bytes.multiply(RING_WIDTH).divide(covered);
    return whole.min(BigInteger.valueOf(MAX_ESTIMATED_BYTES)).longValueExact();
  }

  /**
   * {@code ceil(bytes / target)}, at least {@code minSplits} and one split per replica set, at most
   * {@link #MAX_DEFAULT_SPLITS}.
   */
  static int defaultSplitCount(long bytes, int replicaSets, long targetSplitBytes, int minSplits) {
    long bySize = (bytes + targetSplitBytes - 1) / targetSplitBytes;
    return (int) Math.max(Math.max(replicaSets, minSplits), Math.min(bySize, MAX_DEFAULT_SPLITS));
  }

  /** {@code count >= groups}: one split per group, the rest in proportion to the groups' widths. */
  private static List<ReadSplit> spread(Map<List<String>, List<TokenSlice>> groups, int count) {
    List<List<TokenSlice>> members = new ArrayList<>(groups.values());
    List<BigInteger> widths = members.stream().map(SplitPlanner::widthOf).toList();
    int[] shares = largestRemainder(widths, count - members.size());
    List<ReadSplit> splits = new ArrayList<>(count);
    for (int g = 0; g < members.size(); g++) {
      for (List<TokenSlice> piece : cutEvenly(members.get(g), 1 + shares[g])) {
        splits.add(new ReadSplit(piece));
      }
    }
    return splits;
  }

  /** {@code count < groups}: whole groups packed into {@code count} splits, widest group first into the lightest. */
  private static List<ReadSplit> pack(Map<List<String>, List<TokenSlice>> groups, int count) {
    List<List<TokenSlice>> members = new ArrayList<>(groups.values());
    members.sort(Comparator.comparing(SplitPlanner::widthOf).reversed());
    List<List<TokenSlice>> bins = new ArrayList<>();
    List<BigInteger> binWidths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bins.add(new ArrayList<>());
      binWidths.add(BigInteger.ZERO);
    }
    for (List<TokenSlice> member : members) {
      int lightest = 0;
      for (int i = 1; i < count; i++) {
        if (binWidths.get(i).compareTo(binWidths.get(lightest)) < 0) {
          lightest = i;
        }
      }
      bins.get(lightest).addAll(member);
      binWidths.set(lightest, binWidths.get(lightest).add(widthOf(member)));
    }
    return bins.stream().map(ReadSplit::new).toList();
  }

  /** {@code total} handed out in proportion to {@code weights} (Hamilton's method): the shares add up to it. */
  static int[] largestRemainder(List<BigInteger> weights, int total) {
    int[] shares = new int[weights.size()];
    BigInteger sum = weights.stream().reduce(BigInteger.ZERO, BigInteger::add);
    if (total == 0 || sum.signum() == 0) {
      return shares;
    }
    BigInteger[] remainders = new BigInteger[weights.size()];
    int given = 0;
    for (int i = 0; i < shares.length; i++) {
      BigInteger[] qr = weights.get(i).multiply(BigInteger.valueOf(total)).divideAndRemainder(sum);
      shares[i] = qr[0].intValueExact();
      remainders[i] = qr[1];
      given += shares[i];
    }
    List<Integer> byRemainder = new ArrayList<>();
    for (int i = 0; i < shares.length; i++) {
      byRemainder.add(i);
    }
    byRemainder.sort(Comparator.comparing((Integer i) -> remainders[i]).reversed());
    for (int i = 0; given < total; i++, given++) {
      shares[byRemainder.get(i % shares.length)]++;
    }
    return shares;
  }

  /**
   * {@code slices} (in token order) cut into {@code pieces} runs of equal token width (within one
   * token), every token in exactly one run; fewer runs only if there are fewer tokens than that.
   */
  public static List<List<TokenSlice>> cutEvenly(List<TokenSlice> slices, int pieces) {
    if (pieces < 1) {
      throw new IllegalArgumentException("pieces must be at least 1, was " + pieces);
    }
    BigInteger total = widthOf(slices);
    int k = total.min(BigInteger.valueOf(pieces)).intValueExact();
    List<List<TokenSlice>> out = new ArrayList<>(k);
    int index = 0;
    BigInteger sliceOffset = BigInteger.ZERO; // offset of slices[index]'s first token, 0-based over all slices
    BigInteger done = BigInteger.ZERO; // tokens handed out so far
    for (int p = 1; p <= k; p++) {
      BigInteger until = total.multiply(BigInteger.valueOf(p)).divide(BigInteger.valueOf(k));
      List<TokenSlice> piece = new ArrayList<>();
      while (done.compareTo(until) < 0) {
        TokenSlice s = slices.get(index);
        BigInteger sliceEnd = sliceOffset.add(s.width());
        BigInteger stop = sliceEnd.min(until);
        long from = s.start() + done.subtract(sliceOffset).longValue(); // wraps correctly in two's complement
        long to = s.start() + stop.subtract(sliceOffset).longValue();
        piece.add(new TokenSlice(from, to));
        done = stop;
        if (stop.equals(sliceEnd)) {
          sliceOffset = sliceEnd;
          index++;
        }
      }
      out.add(piece);
    }
    return out;
  }

  static BigInteger widthOf(List<TokenSlice> slices) {
    return slices.stream().map(TokenSlice::width).reduce(BigInteger.ZERO, BigInteger::add);
  }

  private static long saturatedProduct(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }
}
