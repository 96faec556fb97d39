package io.cassandraio.internal.replay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.junit.Test;

public class BatchFingerprintTest {
  private static long of(String... elements) {
    return BatchFingerprint.of(List.of(elements), StringUtf8Coder.of());
  }

  @Test
  public void theSameElementsInTheSameOrderGiveTheSameFingerprint() {
    assertEquals(of("a", "b", "c"), of("a", "b", "c"));
    assertEquals(BatchFingerprint.of(List.of(1L, 2L), VarLongCoder.of()),
        BatchFingerprint.of(List.of(1L, 2L), VarLongCoder.of()));
  }

  @Test
  public void anotherElementOrderOrCountChangesIt() {
    assertNotEquals(of("a", "b", "c"), of("a", "c", "b"));
    assertNotEquals(of("a", "b"), of("a", "b", "b"));
    assertNotEquals(of("a"), of());
  }

  @Test
  public void elementBoundariesCount() {
    // Same bytes overall, cut differently into elements.
    assertNotEquals(of("ab", "c"), of("a", "bc"));
  }
}
