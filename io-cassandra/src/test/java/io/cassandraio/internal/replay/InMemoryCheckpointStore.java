package io.cassandraio.internal.replay;

import io.cassandraio.BatchId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The checkpoint table as a map, with failures the test injects per batch id. */
final class InMemoryCheckpointStore implements CheckpointStore {
  static final String NAME = "memory.checkpoints";

  /** Recorded ids and their fingerprints (empty: recorded without one). */
  private final Map<BatchId, Optional<Long>> records = new ConcurrentHashMap<>();
  private final Map<BatchId, RuntimeException> failLookUp = new ConcurrentHashMap<>();
  private final Map<BatchId, RuntimeException> failRecord = new ConcurrentHashMap<>();
  private final Map<BatchId, RuntimeException> failRecordOnce = new ConcurrentHashMap<>();
  final AtomicInteger lookUps = new AtomicInteger();
  final AtomicInteger recordCalls = new AtomicInteger();

  @Override
  public CompletionStage<Commit> lookUp(BatchId id) {
    lookUps.incrementAndGet();
    RuntimeException error = failLookUp.get(id);
    if (error != null) {
      return CompletableFuture.failedFuture(error);
    }
    Optional<Long> fingerprint = records.get(id);
    return CompletableFuture.completedFuture(fingerprint == null ? Commit.NONE : new Commit(true, fingerprint.orElse(null)));
  }

  @Override
  public CompletionStage<?> record(BatchId id, @Nullable Long fingerprint) {
    recordCalls.incrementAndGet();
    RuntimeException error = failRecord.get(id);
    if (error == null && failRecordOnce.containsKey(id)) {
      error = failRecordOnce.remove(id);
    }
    if (error != null) {
      return CompletableFuture.failedFuture(error);
    }
    records.put(id, Optional.ofNullable(fingerprint));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public String describe() {
    return NAME;
  }

  void failLookUpOf(BatchId id, RuntimeException error) {
    failLookUp.put(id, error);
  }

  void failRecordOf(BatchId id, RuntimeException error) {
    failRecord.put(id, error);
  }

  /** The next record of {@code id} fails with {@code error}, later ones succeed. */
  void failRecordOnce(BatchId id, RuntimeException error) {
    failRecordOnce.put(id, error);
  }

  int recordCalls() {
    return recordCalls.get();
  }

  /** Back to normal: no injected failures. */
  void heal() {
    failLookUp.clear();
    failRecord.clear();
  }

  void preRecord(BatchId id, @Nullable Long fingerprint) {
    records.put(id, Optional.ofNullable(fingerprint));
  }

  Set<BatchId> recorded() {
    return Set.copyOf(records.keySet());
  }

  /** The fingerprint recorded with {@code id}; fails if it is not recorded. */
  @Nullable Long fingerprintOf(BatchId id) {
    Optional<Long> f = records.get(id);
    if (f == null) {
      throw new AssertionError(id + " is not recorded");
    }
    return f.orElse(null);
  }
}
