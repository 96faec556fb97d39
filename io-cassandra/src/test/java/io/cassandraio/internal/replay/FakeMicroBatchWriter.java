package io.cassandraio.internal.replay;

import io.cassandraio.BatchId;
import io.cassandraio.MicroBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Stands in for the statements of micro-batches: remembers what it was asked to write, answers
 * with the {@link MicroBatchWriter.Outcome} the test sets, and can hold a write until the test
 * lets it finish. Copies of this class may share {@link #writesPerBatch} to count over several.
 */
final class FakeMicroBatchWriter<T> implements MicroBatchWriter<T> {
  final List<List<BatchId>> calls = Collections.synchronizedList(new ArrayList<>());
  final Map<BatchId, Integer> writesPerBatch;
  private volatile Function<List<MicroBatch<T>>, Outcome> outcome = batches -> Outcome.complete();
  private volatile CountDownLatch entered;
  private volatile CountDownLatch release;

  FakeMicroBatchWriter() {
    this(new ConcurrentHashMap<>());
  }

  FakeMicroBatchWriter(Map<BatchId, Integer> sharedWritesPerBatch) {
    this.writesPerBatch = sharedWritesPerBatch;
  }

  /** The next writes answer {@code outcome}. */
  FakeMicroBatchWriter<T> answering(Function<List<MicroBatch<T>>, Outcome> outcome) {
    this.outcome = outcome;
    return this;
  }

  /** The next write signals {@code entered} and then waits for {@code release}. */
  FakeMicroBatchWriter<T> holdingUntil(CountDownLatch entered, CountDownLatch release) {
    this.entered = entered;
    this.release = release;
    return this;
  }

  @Override
  public Outcome write(List<MicroBatch<T>> batches) {
    calls.add(batches.stream().map(MicroBatch::id).toList());
    batches.forEach(b -> writesPerBatch.merge(b.id(), 1, Integer::sum));
    CountDownLatch in = entered;
    CountDownLatch out = release;
    if (in != null) {
      entered = null;
      release = null;
      in.countDown();
      boolean interrupted = false;
      while (true) { // a writer finishes what it started, as MicroBatchWriter promises
        try {
          out.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return outcome.apply(batches);
  }

  List<BatchId> onlyCall() {
    if (calls.size() != 1) {
      throw new AssertionError("expected one write, got " + calls);
    }
    return calls.get(0);
  }
}
