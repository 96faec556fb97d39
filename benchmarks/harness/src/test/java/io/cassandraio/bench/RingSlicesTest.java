package io.cassandraio.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.cassandraio.bench.RingSlices.Slice;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class RingSlicesTest {
  @Test
  public void oneTokenIsTheWholeRingAndTheMinimumTokenNeedsNoSecondHalf() {
    assertEquals(List.of(new Slice(Long.MIN_VALUE, Long.MAX_VALUE)), RingSlices.unwrap(Long.MIN_VALUE, Long.MIN_VALUE));
    assertEquals(List.of(new Slice(5, Long.MAX_VALUE), new Slice(Long.MIN_VALUE, 5)), RingSlices.unwrap(5, 5));
  }

  @Test
  public void theWrappingRangeBecomesTwoHalvesAndOthersStay() {
    assertEquals(List.of(new Slice(100, Long.MAX_VALUE), new Slice(Long.MIN_VALUE, -100)), RingSlices.unwrap(100, -100));
    assertEquals(List.of(new Slice(-100, 100)), RingSlices.unwrap(-100, 100));
  }

  @Test
  public void theWholeRingInNEqualContiguousSlices() {
    List<Slice> slices = RingSlices.split(List.of(new Slice(Long.MIN_VALUE, Long.MAX_VALUE)), 128);
    assertEquals(128, slices.size());
    assertContiguous(slices, Long.MIN_VALUE, Long.MAX_VALUE);
    BigInteger first = slices.get(0).size();
    for (Slice s : slices) {
      assertTrue(s + " vs " + first, s.size().subtract(first).abs().compareTo(BigInteger.valueOf(128)) < 0);
    }
  }

  /** Unequal ranges (vnodes) get pieces by their share; every range at least one, none crossing a range. */
  @Test
  public void rangesGetPiecesByTheirShareAndAtLeastOne() {
    long quarter = Long.MAX_VALUE / 2; // a quarter of the ring
    List<Slice> ranges = List.of(new Slice(Long.MIN_VALUE, Long.MIN_VALUE + 10), // tiny
        new Slice(Long.MIN_VALUE + 10, 0), new Slice(0, quarter), new Slice(quarter, Long.MAX_VALUE));
    List<Slice> slices = RingSlices.split(ranges, 16);
    assertContiguous(slices, Long.MIN_VALUE, Long.MAX_VALUE);
    assertEquals(1 + 8 + 4 + 4, slices.size());
    for (Slice range : ranges) {
      List<Slice> inside = new ArrayList<>();
      slices.stream().filter(s -> s.start() >= range.start() && s.end() <= range.end()).forEach(inside::add);
      assertTrue(range + " has pieces", !inside.isEmpty());
      assertEquals(range.start(), inside.get(0).start());
      assertEquals(range.end(), inside.get(inside.size() - 1).end());
    }
  }

  @Test
  public void aRangeIsNeverCutFinerThanItsTokens() {
    assertEquals(3, RingSlices.split(List.of(new Slice(0, 3)), 1000).size());
  }

  @Test
  public void refusesZeroSplits() {
    assertThrows(IllegalArgumentException.class, () -> RingSlices.split(List.of(new Slice(0, 3)), 0));
  }

  private static void assertContiguous(List<Slice> slices, long start, long end) {
    assertEquals(start, slices.get(0).start());
    for (int i = 1; i < slices.size(); i++) {
      assertEquals("slice " + i, slices.get(i - 1).end(), slices.get(i).start());
      assertTrue(slices.get(i).end() > slices.get(i).start());
    }
    assertEquals(end, slices.get(slices.size() - 1).end());
  }
}
