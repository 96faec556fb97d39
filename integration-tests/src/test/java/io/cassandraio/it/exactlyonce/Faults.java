package io.cassandraio.it.exactlyonce;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.BatchId;
import io.cassandraio.listener.BatchListener;
import io.cassandraio.listener.BatchStage;
import io.cassandraio.listener.SentRequestListener;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Failure injection for jobs that run in this JVM (Flink local mode): the DoFns and listeners
 * are serialized into the job and deserialized in its tasks, so they carry only a name and look
 * their {@link Fault} up in a static registry that the test also reads. A fault counts the
 * occurrences of its point over the whole run, restarts included, and throws at the listed ones
 * (for example the 4th, 14th and 26th): each fires once, and they are spread over the run.
 */
final class Faults {
  private static final Map<String, Fault> FAULTS = new ConcurrentHashMap<>();
  private static final Map<String, Stats> STATS = new ConcurrentHashMap<>();

  private Faults() {}

  /** Thrown on purpose; the restart strategy restores the job from its last checkpoint. */
  static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailure(String message) {
      super(message);
    }
  }

  static final class Fault {
    final String name;
    private final int[] failAt;
    private final AtomicInteger occurrences = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    /** Requests sent by this thread since its writer's last BEFORE_WRITE (partial-write faults). */
    final ThreadLocal<int[]> sentSinceFlush = ThreadLocal.withInitial(() -> new int[1]);

    Fault(String name, int... failAt) {
      this.name = name;
      this.failAt = failAt.clone();
      Arrays.sort(this.failAt);
    }

    /** Counts one occurrence; throws if it is one of the chosen ones. */
    void hit(String what) {
      int n = occurrences.incrementAndGet();
      if (Arrays.binarySearch(failAt, n) >= 0) {
        int k = injected.incrementAndGet();
        throw new InjectedFailure("injected failure " + k + "/" + failAt.length + " of " + name + " at " + what
            + " (occurrence " + n + ")");
      }
    }

    int injected() {
      return injected.get();
    }

    int planned() {
      return failAt.length;
    }

    int occurrences() {
      return occurrences.get();
    }
  }

  /** What the writer's batch listener saw, per sink. */
  static final class Stats {
    final AtomicLong cut = new AtomicLong();
    final AtomicLong beforeWrite = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    final AtomicLong recorded = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    /** Replayed ids whose contents differed from the committed batch (written again). */
    final AtomicLong changedReplays = new AtomicLong();
    /** When the writer wrote micro-batches in Flink's end-of-input drain (epoch millis). */
    final java.util.List<Long> drainWritesAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The (shard, epoch) pairs of recorded batches: more than one per shard means a shard's state started afresh. */
    final java.util.Set<String> recordedEpochs = ConcurrentHashMap.newKeySet();
    /** Elements of the batches recorded as committed: what the sink applied. */
    final AtomicLong recordedElements = new AtomicLong();
    /**
     * Elements of the batches the writer started to write (BEFORE_WRITE), replays included: at
     * least {@link #recordedElements}; the difference was written, perhaps in part, and not recorded.
     */
    final AtomicLong writeStartedElements = new AtomicLong();

    @Override
    public String toString() {
      return "cut=" + cut + " beforeWrite=" + beforeWrite + " written=" + written + " recorded=" + recorded
          + " skipped=" + skipped + " changedReplays=" + changedReplays + " elements: writeStarted="
          + writeStartedElements + " recorded=" + recordedElements + " epochs=" + recordedEpochs;
    }
  }

  static Fault register(String name, int... failAt) {
    Fault f = new Fault(name, failAt);
    FAULTS.put(name, f);
    return f;
  }

  static Fault fault(String name) {
    Fault f = FAULTS.get(name);
    if (f == null) {
      throw new IllegalStateException("no fault registered as " + name);
    }
    return f;
  }

  static Stats stats(String sink) {
    return STATS.computeIfAbsent(sink, s -> new Stats());
  }

  /** Passes elements through; fails at the chosen occurrences: a failure upstream of the writer. */
  static final class FailUpstream<T> extends DoFn<T, T> {
    private static final long serialVersionUID = 1L;
    private final String fault;

    FailUpstream(String fault) {
      this.fault = fault;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      fault(fault).hit("upstream element " + element);
      out.output(element);
    }
  }

  /**
   * The exactly-once writer's listener: counts every stage into the sink's {@link Stats}, fails at
   * the chosen occurrences of {@code failStage} (if a fault is named), and marks the start of each
   * write for {@link PartialWrite}.
   */
  static final class StageListener implements BatchListener {
    private static final long serialVersionUID = 1L;
    private final String sink;
    private final BatchStage failStage;
    private final String fault; // "" for none
    private final String partialWriteFault; // "" for none

    StageListener(String sink, BatchStage failStage, String fault, String partialWriteFault) {
      this.sink = sink;
      this.failStage = failStage;
      this.fault = fault;
      this.partialWriteFault = partialWriteFault;
    }

    @Override
    public void onBatch(BatchStage stage, BatchId id, int elements) {
      Stats s = stats(sink);
      switch (stage) {
        case CUT -> s.cut.incrementAndGet();
        case BEFORE_WRITE -> {
          s.beforeWrite.incrementAndGet();
          s.writeStartedElements.addAndGet(elements);
        }
        case WRITTEN -> s.written.incrementAndGet();
        case RECORDED -> {
          s.recorded.incrementAndGet();
          s.recordedElements.addAndGet(elements);
          s.recordedEpochs.add(id.shard() + "/" + id.epoch());
        }
        case SKIPPED -> s.skipped.incrementAndGet();
        case CHANGED_REPLAY -> s.changedReplays.incrementAndGet();
      }
      if (stage == BatchStage.BEFORE_WRITE && !partialWriteFault.isEmpty()) {
        fault(partialWriteFault).sentSinceFlush.get()[0] = 0;
      }
      // The end-of-input drain is a documented window (a failure inside it can apply its batches
      // twice); failures are injected outside it, on writes released by completed checkpoints.
      if (stage == BatchStage.BEFORE_WRITE && inFlinkDrain()) {
        s.drainWritesAt.add(System.currentTimeMillis());
        return;
      }
      if (stage == failStage && !fault.isEmpty()) {
        fault(fault).hit(stage + " of " + id);
      }
    }
  }

  /**
   * Whether the writer runs inside Flink's end-of-input drain ({@code --enableStableInputDrain}:
   * DoFnOperator.finish releases the stable input) rather than on a completed checkpoint.
   */
  static boolean inFlinkDrain() {
    for (StackTraceElement f : new Throwable().getStackTrace()) {
      if (f.getClassName().endsWith("DoFnOperator") && f.getMethodName().equals("finish")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fails a request that is not the first one the writer sends in this flush, so that some
   * requests of the same write were already sent (and may be applied): a partial write. Without
   * exactly-once (no BEFORE_WRITE to mark a flush) every request but the writer thread's first is
   * eligible.
   */
  static final class PartialWrite implements SentRequestListener {
    private static final long serialVersionUID = 1L;
    private final String fault;

    PartialWrite(String fault) {
      this.fault = fault;
    }

    @Override
    public void sent(List<BoundStatement> statements) {
      Fault f = fault(fault);
      int[] sent = f.sentSinceFlush.get();
      if (sent[0]++ >= 1) {
        f.hit("a request of " + statements.size() + " statement(s), after " + (sent[0] - 1)
            + " request(s) of the same write were sent");
      }
    }
  }
}
