package io.cassandraio.internal.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.Test;

/** The shard of a partition key: a pure, stable function of the key's bytes that spreads keys evenly. */
public class ShardFnTest {

  private static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ByteBuffer bigint(long v) {
    return ByteBuffer.allocate(8).putLong(0, v);
  }

  @Test
  public void noRoutingKeyGoesToShardZero() {
    assertEquals(0, ShardFn.shardOf(null, 16));
    assertEquals(0, ShardFn.shardOf(null, 1));
  }

  @Test
  public void sameBytesSameShardWhateverTheBufferPosition() {
    for (int i = 0; i < 1000; i++) {
      ByteBuffer key = text("user-" + i);
      int shard = ShardFn.shardOf(key, 16);
      assertEquals(shard, ShardFn.shardOf(text("user-" + i), 16));
      // The same bytes inside a larger buffer (as a composite key's slice would be).
      byte[] bytes = ("user-" + i).getBytes(StandardCharsets.UTF_8);
      ByteBuffer framed = ByteBuffer.allocate(bytes.length + 6);
      framed.put(new byte[] {9, 9, 9}).put(bytes).put(new byte[] {7, 7, 7});
      framed.position(3).limit(3 + bytes.length);
      assertEquals(shard, ShardFn.shardOf(framed, 16));
      assertEquals("shardOf must not consume the buffer", 3, framed.position());
      assertEquals(0, key.position());
    }
  }

  @Test
  public void shardsArePinnedAcrossVersions() {
    // A job restored from a checkpoint taken by an older version must shard keys the same way.
    // Golden values of the current function; change them only together with a migration note.
    assertEquals(GOLDEN_A, ShardFn.shardOf(text("a"), 16));
    assertEquals(GOLDEN_KEY42, ShardFn.shardOf(text("key-42"), 16));
    assertEquals(GOLDEN_LONG, ShardFn.shardOf(bigint(123_456_789L), 1024));
  }

  // Filled in from the implementation at the time the test was written.
  private static final int GOLDEN_A = 9;
  private static final int GOLDEN_KEY42 = 6;
  private static final int GOLDEN_LONG = 241;

  @Test
  public void alwaysWithinRange() {
    int[] counts = {1, 2, 3, 7, 16, 100, 65_536};
    for (int shards : counts) {
      for (int i = -500; i < 500; i++) {
        int s = ShardFn.shardOf(bigint(i * 7919L), shards);
        assertTrue(shards + " -> " + s, s >= 0 && s < shards);
      }
    }
    assertEquals(0, ShardFn.shardOf(text("anything"), 1));
    assertTrue(ShardFn.shardOf(ByteBuffer.allocate(0), 16) >= 0);
  }

  @Test
  public void textKeysSpreadEvenly() {
    assertEven("text keys", 16, 16_000, i -> text("sensor-" + i));
    assertEven("text keys, 7 shards", 7, 7_000, i -> text("sensor-" + i));
  }

  @Test
  public void sequentialBigintKeysSpreadEvenly() {
    assertEven("sequential bigints", 16, 16_000, ShardFnTest::bigint);
    assertEven("bigints with stride 1024", 16, 16_000, i -> bigint(i * 1024L));
  }

  @Test
  public void keysDifferingInTheLastByteUseManyShards() {
    Set<Integer> used = new HashSet<>();
    for (int b = 0; b < 32; b++) {
      ByteBuffer key = ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) b});
      used.add(ShardFn.shardOf(key, 16));
    }
    assertTrue("32 keys differing in their last byte used only " + used.size() + " of 16 shards", used.size() >= 12);
  }

  private interface Key {
    ByteBuffer of(int i);
  }

  /** Every shard gets within 25% of its fair share. */
  private static void assertEven(String what, int shards, int n, Key key) {
    int[] counts = new int[shards];
    for (int i = 0; i < n; i++) {
      counts[ShardFn.shardOf(key.of(i), shards)]++;
    }
    double fair = (double) n / shards;
    for (int s = 0; s < shards; s++) {
      assertTrue(what + ": shard " + s + " got " + counts[s] + " of " + n + " (fair share " + fair + ")",
          counts[s] > fair * 0.75 && counts[s] < fair * 1.25);
    }
  }
}
