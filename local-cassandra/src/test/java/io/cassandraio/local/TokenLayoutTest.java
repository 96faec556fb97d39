package io.cassandraio.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
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
  public void rejectsZeroNodes() {
    assertThrows(IllegalArgumentException.class, () -> TokenLayout.evenlySpaced(0));
  }
}
