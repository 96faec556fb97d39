package io.cassandraio.internal.replay;

import io.cassandraio.BatchId;
import java.util.concurrent.CompletionStage;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where committed micro-batch ids are kept: {@link CheckpointTable} in Cassandra, or a map in the
 * commit protocol's unit tests.
 */
public interface CheckpointStore {
  /** What the store holds for {@code id}: nothing, or that it was committed and with which contents. */
  CompletionStage<Commit> lookUp(BatchId id);

  /** Records {@code id} as committed with the fingerprint of its contents ({@code null}: not fingerprinted). */
  CompletionStage<?> record(BatchId id, @Nullable Long fingerprint);

  /** For messages, e.g. {@code ks.table}. */
  String describe();

  /**
   * A lookup's answer: {@code committed}, and the {@link BatchFingerprint} recorded with it
   * ({@code null} for records written before fingerprints were kept).
   */
  record Commit(boolean committed, @Nullable Long fingerprint) {
    public static final Commit NONE = new Commit(false, null);
    public static final Commit UNKNOWN_CONTENTS = new Commit(true, null);

    /**
     * Committed with other contents than {@code fingerprint}: the replay is not the batch that was
     * written. Never when either side has no fingerprint.
     */
    public boolean differsFrom(@Nullable Long fingerprint) {
      return committed && this.fingerprint != null && fingerprint != null && !this.fingerprint.equals(fingerprint);
    }
  }
}
