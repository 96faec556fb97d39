package io.cassandraio.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.Test;

public class TokenLayoutTest {
  @Test
  public void threeNodesGetTheTokensOfAnEvenRing() {
    assertEquals(
        List.of(-9223372036854775808L, -3074457345618258603L, 3074457345618258602L),
        TokenLayout.evenlySpaced(3));
  }

  @Test
  public void oneNodeStartsAtTheMinimumToken() {
    assertEquals(List.of(Long.MIN_VALUE), TokenLayout.evenlySpaced(1));
  }

  @Test
  public void tokensAreStrictlyIncreasingForEverySize() {
    for (int n = 1; n <= ClusterSpec.MAX_NODES; n++) {
      List<Long> tokens = TokenLayout.evenlySpaced(n);
      assertEquals(n, tokens.size());
      for (int i = 1; i < n; i++) {
        assertEquals(true, tokens.get(i) > tokens.get(i - 1));
      }
    }
  }

  @Test
  public void oneTokenPerNodeIsTheEvenRing() {
    assertEquals(List.of(List.of(-9223372036854775808L), List.of(-3074457345618258603L), List.of(3074457345618258602L)),
        TokenLayout.of(3, 1));
  }

  @Test
  public void vnodesGiveEveryNodeItsNumberOfDistinctSortedTokens() {
    for (int nodes = 1; nodes <= ClusterSpec.MAX_NODES; nodes++) {
      for (int perNode : new int[] {2, 16, 256}) {
        List<List<Long>> layout = TokenLayout.of(nodes, perNode);
        assertEquals(nodes, layout.size());
        Set<Long> all = new HashSet<>();
        for (List<Long> tokens : layout) {
          assertEquals(perNode, tokens.size());
          for (int i = 1; i < tokens.size(); i++) {
            assertTrue("sorted: " + tokens, tokens.get(i) > tokens.get(i - 1));
          }
          all.addAll(tokens);
        }
        assertEquals("distinct across nodes", nodes * perNode, all.size());
        assertTrue("no node holds the partitioner's minimum token", !all.contains(Long.MIN_VALUE));
      }
    }
  }

  @Test
  public void vnodesAreTheSameOnEveryCall() {
    assertEquals(TokenLayout.of(3, 16), TokenLayout.of(3, 16));
    assertNotEquals(TokenLayout.of(3, 16), TokenLayout.of(3, 8));
  }

  /** As a real vnode ring: some ranges several times longer than others, neighbours of any node. */
  @Test
  public void vnodeRangesHaveUnequalSizesAndInterleavedOwners() {
    TreeMap<Long, Integer> ring = ring(TokenLayout.of(3, 16));
    List<BigInteger> sizes = new ArrayList<>();
    Long previous = ring.lastKey();
    for (long token : ring.keySet()) {
      BigInteger size = BigInteger.valueOf(token).subtract(BigInteger.valueOf(previous));
      sizes.add(size.signum() > 0 ? size : size.add(BigInteger.ONE.shiftLeft(64))); // the wrapping range
      previous = token;
    }
    BigInteger smallest = sizes.stream().min(BigInteger::compareTo).orElseThrow();
    BigInteger largest = sizes.stream().max(BigInteger::compareTo).orElseThrow();
    assertTrue("largest range " + largest + " vs smallest " + smallest,
        largest.compareTo(smallest.multiply(BigInteger.TEN)) > 0);
    int ownerChanges = 0;
    Integer owner = ring.lastEntry().getValue();
    for (int next : ring.values()) {
      ownerChanges += next == owner ? 0 : 1;
      owner = next;
    }
    assertTrue("owners interleave around the ring: " + ownerChanges + " changes", ownerChanges > 3 * 4);
  }

  /**
   * The range that wraps around the ring (from the largest token to the smallest) belongs to the
   * node with the smallest token: with vnodes that is not always node 1, as it is with one token.
   */
  @Test
  public void whichNodeOwnsTheWrappingRangeVariesWithTheShape() {
    Set<Integer> owners = new HashSet<>();
    for (int perNode = 2; perNode <= 32; perNode++) {
      owners.add(ring(TokenLayout.of(3, perNode)).firstEntry().getValue());
    }
    assertEquals(Set.of(1, 2, 3), owners);
    assertEquals(Integer.valueOf(1), ring(TokenLayout.of(3, 1)).firstEntry().getValue());
  }

  @Test
  public void rejectsZeroNodesOrTokens() {
    assertThrows(IllegalArgumentException.class, () -> TokenLayout.evenlySpaced(0));
    assertThrows(IllegalArgumentException.class, () -> TokenLayout.of(0, 16));
    assertThrows(IllegalArgumentException.class, () -> TokenLayout.of(3, 0));
  }

  /** Token to owning node (1-based). */
  private static TreeMap<Long, Integer> ring(List<List<Long>> layout) {
    TreeMap<Long, Integer> ring = new TreeMap<>();
    for (int node = 0; node < layout.size(); node++) {
      for (long token : layout.get(node)) {
        ring.put(token, node + 1);
      }
    }
    return ring;
  }
}
