package io.cassandraio.internal.replay;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * A 64-bit hash of a micro-batch's contents (its elements' encoded bytes, in order), recorded with
 * its id. Stable input promises that a replayed id has the same contents; when a runner breaks
 * that promise, the recorded fingerprint differs from the replayed one, and the writer can tell a
 * replay it may skip from a different batch under an old id, which it must not skip.
 */
public final class BatchFingerprint {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private BatchFingerprint() {}

  /** FNV-1a over each element's length and bytes; the same elements in the same order give the same value. */
  public static <T> long of(List<T> elements, Coder<T> coder) {
    long h = FNV_OFFSET;
    for (T element : elements) {
      byte[] bytes;
      try {
        bytes = CoderUtils.encodeToByteArray(coder, element);
      } catch (CoderException e) {
        throw new IllegalStateException("cannot encode a micro-batch element with " + coder + ": " + e, e);
      }
      h = mix(h, bytes.length);
      for (byte b : bytes) {
        h = (h ^ (b & 0xff)) * FNV_PRIME;
      }
    }
    return h;
  }

  private static long mix(long h, int n) {
    for (int i = 0; i < 4; i++) {
      h = (h ^ ((n >>> (8 * i)) & 0xff)) * FNV_PRIME;
    }
    return h;
  }
}
