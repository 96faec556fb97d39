package io.cassandraio.local;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * The Murmur3 tokens of every node of a local ring: one evenly spaced token per node (every node
 * the same share), or with vnodes a fixed pseudo-random layout.
 */
final class TokenLayout {
  private static final BigInteger RING_SIZE = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger MIN_TOKEN = BigInteger.valueOf(Long.MIN_VALUE);
  /** Any fixed value: the same spec gets the same tokens on every start (a kept data dir needs them). */
  private static final long VNODE_SEED = 0x5eed_13L;

  private TokenLayout() {}

  /** The initial tokens of every node, node 1 first, each node's sorted. */
  static List<List<Long>> of(int nodes, int tokensPerNode) {
    if (tokensPerNode < 1) {
      throw new IllegalArgumentException("tokensPerNode must be at least 1, was " + tokensPerNode);
    }
    if (tokensPerNode == 1) {
      return evenlySpaced(nodes).stream().map(List::of).toList();
    }
    return vnodes(nodes, tokensPerNode);
  }

  /** The initial tokens of an {@code nodes}-node ring, first node first. */
  static List<Long> evenlySpaced(int nodes) {
    requireNodes(nodes);
    BigInteger step = RING_SIZE.divide(BigInteger.valueOf(nodes));
    List<Long> tokens = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      tokens.add(MIN_TOKEN.add(step.multiply(BigInteger.valueOf(i))).longValueExact());
    }
    return tokens;
  }

  /**
   * {@code nodes * tokensPerNode} distinct random tokens, dealt to the nodes in a random order
   * around the ring, as a real cluster's random vnode allocation leaves them: ranges of unequal
   * sizes, neighbours owned by any node, the range that wraps around owned by whichever node drew
   * the smallest token. The seed depends on the shape, so that different shapes differ.
   */
  static List<List<Long>> vnodes(int nodes, int tokensPerNode) {
    requireNodes(nodes);
    Random random = new Random(VNODE_SEED * 31 * 31 + nodes * 31L + tokensPerNode);
    int total = nodes * tokensPerNode;
    TreeSet<Long> ring = new TreeSet<>();
    while (ring.size() < total) {
      long token = random.nextLong();
      if (token != Long.MIN_VALUE) { // the partitioner's minimum token is no node's token
        ring.add(token);
      }
    }
    List<Integer> owners = new ArrayList<>(total);
    for (int node = 0; node < nodes; node++) {
      owners.addAll(Collections.nCopies(tokensPerNode, node));
    }
    Collections.shuffle(owners, random);
    List<List<Long>> tokens = new ArrayList<>(nodes);
    for (int node = 0; node < nodes; node++) {
      tokens.add(new ArrayList<>(tokensPerNode));
    }
    int position = 0;
    for (long token : ring) {
      tokens.get(owners.get(position++)).add(token);
    }
    return tokens.stream().map(List::copyOf).toList();
  }

  private static void requireNodes(int nodes) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
    }
  }
}
