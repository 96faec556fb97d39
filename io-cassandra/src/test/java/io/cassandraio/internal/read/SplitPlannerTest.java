package io.cassandraio.internal.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

public class SplitPlannerTest {
  /** The planner's sizing alone: no minimum split count (a read asks for SplitPlanner.MIN_DEFAULT_SPLITS). */
  private static final int NO_MINIMUM = 1;

  private static final long MIN = Long.MIN_VALUE;
  private static final long MAX = Long.MAX_VALUE;

  // ---- rings as the token map gives them -------------------------------------------------------

  /** Nodes with evenly spaced tokens ({@code perNode} each, interleaved), replicas: the next {@code rf} owners. */
  static List<RingRange> ring(int nodes, int perNode, int rf) {
    int n = nodes * perNode;
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tokens.add(BigInteger.valueOf(MIN).add(BigInteger.ONE.shiftLeft(64).multiply(BigInteger.valueOf(i))
          .divide(BigInteger.valueOf(n))).longValueExact() + 12345); // not on the ring's edge
    }
    List<RingRange> ring = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long start = tokens.get((i + n - 1) % n);
      List<String> replicas = new ArrayList<>();
      for (int r = 0; r < rf; r++) {
        replicas.add("node" + ((i + r) % nodes));
      }
      ring.add(new RingRange(start, tokens.get(i), replicas));
    }
    return ring;
  }

  /** Every token of (MIN, MAX] in exactly one slice of exactly one split. */
  private static void assertTilesTheRing(List<ReadSplit> splits) {
    List<TokenSlice> all = splits.stream().flatMap(s -> s.slices().stream()).collect(Collectors.toList());
    SplitPlanner.requireTiling(all); // throws on a gap or an overlap
  }

  // ---- the ring, every token once --------------------------------------------------------------

  @Test
  public void oneNodeWithOneTokenOwnsTheWholeRingWhichWrapsAndIsCutInTwo() {
    long t = -42;
    List<ReadSplit> splits = SplitPlanner.plan(List.of(new RingRange(t, t, List.of("a"))), List.of(), null,
        SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, NO_MINIMUM);
    assertEquals(1, splits.size());
    assertEquals(List.of(new TokenSlice(MIN, t), new TokenSlice(t, MAX)), splits.get(0).slices());
    assertTilesTheRing(splits);
  }

  @Test
  public void aNodeWhoseTokenIsTheRingsMinimumNeedsNoSecondSlice() {
    assertEquals(List.of(new TokenSlice(MIN, MAX)), SplitPlanner.slicesOf(MIN, MIN));
    assertEquals(List.of(new TokenSlice(MIN, 5)), SplitPlanner.slicesOf(MAX, 5));
    assertEquals(List.of(new TokenSlice(5, MAX), new TokenSlice(MIN, -5)), SplitPlanner.slicesOf(5, -5));
  }

  @Test
  public void keysOnBothSidesOfTheWrapFallInExactlyOneSlice() {
    // A single node with token t: keys below and above t, and keys at the ring's ends.
    long t = 1000;
    List<ReadSplit> splits = SplitPlanner.plan(List.of(new RingRange(t, t, List.of("a"))), List.of(), 7, 1, NO_MINIMUM);
    for (long key : new long[] {MIN + 1, -5, t, t + 1, MAX}) {
      int holders = 0;
      for (ReadSplit s : splits) {
        for (TokenSlice slice : s.slices()) {
          if (key > slice.start() && key <= slice.end()) {
            holders++;
          }
        }
      }
      assertEquals("slices holding token " + key, 1, holders);
    }
  }

  @Test
  public void threeSingleTokenNodesGiveOneSplitPerReplicaSetByDefault() {
    List<RingRange> ring = ring(3, 1, 1);
    List<ReadSplit> splits = SplitPlanner.plan(ring, List.of(), null, SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES,
        NO_MINIMUM);
    assertEquals(3, splits.size());
    assertTilesTheRing(splits);
  }

  @Test
  public void sixteenVnodesPerNodeAreGroupedByReplicaSet() {
    List<RingRange> ring = ring(3, 16, 1);
    Map<List<String>, List<TokenSlice>> groups = SplitPlanner.groupByReplicas(ring);
    assertEquals(3, groups.size());
    assertEquals(16 * 3 + 1, groups.values().stream().mapToInt(List::size).sum()); // the wrapping range is two
    List<ReadSplit> splits = SplitPlanner.plan(ring, List.of(), null, SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES,
        NO_MINIMUM);
    assertEquals(3, splits.size());
    assertTilesTheRing(splits);
    // Each split holds the slices of one replica set only.
    for (ReadSplit split : splits) {
      Set<List<String>> owners = new HashSet<>();
      for (TokenSlice slice : split.slices()) {
        groups.forEach((replicas, slices) -> {
          if (slices.stream().anyMatch(g -> g.start() <= slice.start() && slice.end() <= g.end())) {
            owners.add(replicas);
          }
        });
      }
      assertEquals(1, owners.size());
    }
  }

  @Test
  public void withRf3EveryRangeHasItsOwnReplicaSetOrder() {
    List<RingRange> ring = ring(3, 16, 3);
    // Sorted replicas: all three nodes for every range, so one group.
    assertEquals(1, SplitPlanner.groupByReplicas(ring).size());
    List<ReadSplit> splits = SplitPlanner.plan(ring, List.of(), 10, 1, NO_MINIMUM);
    assertEquals(10, splits.size());
    assertTilesTheRing(splits);
  }

  @Test
  public void explicitSplitCountIsExactAndEven() {
    for (int n : new int[] {1, 2, 3, 5, 48, 49, 100, 1000}) {
      List<ReadSplit> splits = SplitPlanner.plan(ring(3, 16, 1), List.of(), n, 1, NO_MINIMUM);
      assertEquals("splits for withNumSplits(" + n + ")", n, splits.size());
      assertTilesTheRing(splits);
      if (n >= 3) {
        BigInteger min = splits.stream().map(s -> SplitPlanner.widthOf(s.slices())).min(BigInteger::compareTo).get();
        BigInteger max = splits.stream().map(s -> SplitPlanner.widthOf(s.slices())).max(BigInteger::compareTo).get();
        // within one split's share of a replica set (the shares are whole numbers)
        assertTrue("n=" + n + " min " + min + " max " + max,
            max.subtract(min).compareTo(SplitPlanner.RING_WIDTH.divide(BigInteger.valueOf(n)).add(BigInteger.TWO)) <= 0);
      }
    }
  }

  @Test
  public void cutEvenlyCoversEveryTokenOnceAcrossSlices() {
    List<TokenSlice> slices = List.of(new TokenSlice(MIN, -100), new TokenSlice(50, 60), new TokenSlice(1000, MAX));
    for (int k : new int[] {1, 2, 3, 7, 64}) {
      List<List<TokenSlice>> pieces = SplitPlanner.cutEvenly(slices, k);
      assertEquals(k, pieces.size());
      List<TokenSlice> flat = pieces.stream().flatMap(List::stream).toList();
      assertEquals(SplitPlanner.widthOf(slices), SplitPlanner.widthOf(flat));
      for (int i = 1; i < flat.size(); i++) {
        assertTrue(flat.get(i - 1) + " then " + flat.get(i), flat.get(i - 1).end() <= flat.get(i).start());
      }
    }
    // Fewer tokens than pieces: one piece per token.
    assertEquals(3, SplitPlanner.cutEvenly(List.of(new TokenSlice(0, 3)), 10).size());
  }

  @Test
  public void aRingWithAGapOrAnOverlapIsRefused() {
    IllegalStateException gap = assertThrows(IllegalStateException.class, () -> SplitPlanner.groupByReplicas(
        List.of(new RingRange(0, 100, List.of("a")), new RingRange(200, 0, List.of("b")))));
    assertTrue(gap.getMessage(), gap.getMessage().contains("no range holds (100, 200]"));
    assertThrows(IllegalStateException.class, () -> SplitPlanner.groupByReplicas(
        List.of(new RingRange(0, 100, List.of("a")), new RingRange(50, 0, List.of("b")))));
  }

  // ---- size estimates, clamped -----------------------------------------------------------------

  @Test
  public void sizeEstimatesDecideTheDefaultCount() {
    List<RingRange> ring = ring(3, 1, 1);
    long mib = 1L << 20;
    // The whole ring reported by three nodes: 3 x 1000 partitions x 1 MiB = ~2.9 GiB -> 47 splits of 64 MiB.
    List<SizeEstimate> estimates = ring.stream().map(r -> new SizeEstimate(r.start(), r.end(), 1000, mib)).toList();
    assertEquals(3000 * mib, SplitPlanner.estimatedBytes(estimates));
    List<ReadSplit> splits = SplitPlanner.plan(ring, estimates, null, 64 * mib, NO_MINIMUM);
    assertEquals(47, splits.size());
    assertTilesTheRing(splits);
  }

  @Test
  public void zeroOrMissingEstimatesGiveOneSplitPerReplicaSet() {
    List<RingRange> ring = ring(3, 16, 1);
    List<SizeEstimate> zeros = ring.stream().map(r -> new SizeEstimate(r.start(), r.end(), 0, 0)).toList();
    assertEquals(0, SplitPlanner.estimatedBytes(zeros));
    assertEquals(3, SplitPlanner.plan(ring, zeros, null, SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, NO_MINIMUM).size());
    assertEquals(3, SplitPlanner.plan(ring, List.of(), null, SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, NO_MINIMUM).size());
  }

  @Test
  public void negativeHugeAndDuplicateEstimatesAreClamped() {
    assertEquals(0, SplitPlanner.estimatedBytes(List.of(new SizeEstimate(MIN, MAX, -5, 100))));
    assertEquals(SplitPlanner.MAX_ESTIMATED_BYTES,
        SplitPlanner.estimatedBytes(List.of(new SizeEstimate(MIN, MAX, Long.MAX_VALUE, Long.MAX_VALUE))));
    assertEquals(SplitPlanner.MAX_DEFAULT_SPLITS, SplitPlanner.defaultSplitCount(SplitPlanner.MAX_ESTIMATED_BYTES, 3,
        SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, 1));
    // The default minimum: even a table of no size gets several splits, but never fewer than replica sets.
    assertEquals(8, SplitPlanner.defaultSplitCount(0, 3, SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, 8));
    assertEquals(48, SplitPlanner.defaultSplitCount(0, 48, SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, 8));
    assertEquals(20, SplitPlanner.defaultSplitCount(20 * SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, 3,
        SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, 8));
    // The same range from two nodes counts once.
    SizeEstimate e = new SizeEstimate(MIN, MAX, 10, 10);
    assertEquals(100, SplitPlanner.estimatedBytes(List.of(e, e)));
  }

  @Test
  public void estimatesOfPartOfTheRingAreExtrapolated() {
    // Half the ring reported (a node down): the table is taken as twice that.
    assertEquals(2000, SplitPlanner.estimatedBytes(List.of(new SizeEstimate(MIN, 0, 10, 100))), 1);
    // A sliver is not: 10 tokens' estimate is not blown up to the whole ring.
    assertEquals(1000, SplitPlanner.estimatedBytes(List.of(new SizeEstimate(0, 10, 10, 100))));
  }

  @Test
  public void largestRemainderHandsOutExactlyTheTotal() {
    int[] shares = SplitPlanner.largestRemainder(
        List.of(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE), 2);
    assertEquals(2, shares[0] + shares[1] + shares[2]);
  }

  // ---- random rings, with tokens on and next to the ring's edges -------------------------------

  /**
   * Random rings as the driver's token map would give them (sorted distinct tokens, each range
   * {@code (previous, token]}, the first one wrapping; a single token gives {@code (MIN, MIN]}),
   * tokens drawn often from MIN, MIN+1, MAX-1, MAX and their neighbours; random replica sets,
   * split counts and reader concurrency: every token of (MIN, MAX] in exactly one slice of one
   * split, each split within one replica set when there are at least as many splits as sets, and
   * the reader's sub-slices of each split tile that split.
   */
  @Test
  public void randomRingsAreTiledExactlyOnceByThePlanAndByTheReadersCut() {
    java.util.Random random = new java.util.Random(2026);
    long[] edges = {MIN, MIN + 1, MIN + 2, MAX - 2, MAX - 1, MAX, -1, 0, 1};
    for (int round = 0; round < 2000; round++) {
      java.util.TreeSet<Long> tokens = new java.util.TreeSet<>();
      int n = 1 + random.nextInt(round % 10 == 0 ? 40 : 6);
      while (tokens.size() < n) {
        tokens.add(random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong());
      }
      List<Long> sorted = new ArrayList<>(tokens);
      int nodes = 1 + random.nextInt(4);
      List<RingRange> ring = new ArrayList<>();
      if (sorted.size() == 1) {
        ring.add(new RingRange(MIN, MIN, List.of("node0")));
      } else {
        for (int i = 0; i < sorted.size(); i++) {
          long start = sorted.get((i + sorted.size() - 1) % sorted.size());
          ring.add(new RingRange(start, sorted.get(i), List.of("node" + random.nextInt(nodes))));
        }
      }
      Integer numSplits = random.nextBoolean() ? null : 1 + random.nextInt(random.nextBoolean() ? 5 : 300);
      List<ReadSplit> splits = SplitPlanner.plan(ring, List.of(), numSplits,
          SplitPlanner.DEFAULT_TARGET_SPLIT_BYTES, NO_MINIMUM);
      String what = "round " + round + ", ring " + ring + ", numSplits " + numSplits;
      assertTilesTheRing(splits);
      Map<List<String>, List<TokenSlice>> groups = SplitPlanner.groupByReplicas(ring);
      if (numSplits != null) {
        assertEquals(what, (int) numSplits, splits.size());
      } else {
        assertEquals(what, groups.size(), splits.size());
      }
      if (numSplits == null || numSplits >= groups.size()) {
        for (ReadSplit split : splits) {
          long owners = groups.values().stream().filter(g -> split.slices().stream().allMatch(slice ->
              g.stream().anyMatch(o -> o.start() <= slice.start() && slice.end() <= o.end()))).count();
          assertEquals(what + ": split " + split + " within one replica set", 1, owners);
        }
      }
      int concurrency = 1 + random.nextInt(64);
      List<TokenSlice> reread = new ArrayList<>();
      for (ReadSplit split : splits) {
        List<TokenSlice> cut = SplitPlanner.cutEvenly(split.slices(), Math.max(concurrency, split.slices().size()))
            .stream().flatMap(List::stream).toList();
        assertEquals(what, SplitPlanner.widthOf(split.slices()), SplitPlanner.widthOf(cut));
        reread.addAll(cut);
      }
      SplitPlanner.requireTiling(reread);
    }
  }
}
