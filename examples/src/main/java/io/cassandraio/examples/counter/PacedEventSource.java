package io.cassandraio.examples.counter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event ids {@code [from, to)} at a steady rate, as an unbounded source whose checkpoint mark is the
 * next id: after a restore (failure or savepoint) each split goes on exactly where the restored
 * checkpoint left it, so the events a job sees are a deterministic function of {@code to} alone and
 * the expected totals are computable.
 *
 * <p>Why not {@code GenerateSequence}: {@code from(0).to(n)} is a bounded source, which Beam 2.62's
 * Flink runner checkpoints per split (a half-read split is read again from its start after a
 * restore: duplicates upstream of any sink); {@code withRate(...)} with {@code to(n)} is again a
 * bounded read; without {@code to} it never ends and its rate catches up in a burst after a restore.
 *
 * <p>When a split has emitted its last id its watermark goes to the end of time, which ends the job
 * (the writer's {@code --enableStableInputDrain} writes what is still buffered). The checkpoint mark
 * has its own fixed coder (a variable-length long), so savepoints stay readable across versions.
 *
 * <p><b>Beam 2.62's Flink runner assigns every split a second time after a restore from a
 * savepoint</b> (apache/beam#31313): its split enumerator ignores its restored state, splits the
 * source again and sends each split, without a checkpoint mark, to the subtask that already
 * restored it with its mark. That subtask keys its readers by split index, so the second reader
 * replaces the restored one, and would read the split again from its start (upserts would stay
 * right, every counter would double). So the restored reader publishes its position per range, and a
 * reader created without a mark for a range restored in the same job and JVM takes over from that
 * position, logging {@value #DUPLICATE_SPLIT_LOG}. A fresh job has no marks, and a failover inside a
 * running job restores marked readers only (or re-sends unmarked duplicates, which take over again),
 * so neither is affected. Sources without this guard (KafkaIO, ...) are re-read from their start.
 */
public final class PacedEventSource extends UnboundedSource<Long, PacedEventSource.Mark> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PacedEventSource.class);
  /** Logged once per duplicate split taken over (see the class comment); tests count it. */
  public static final String DUPLICATE_SPLIT_LOG = "taking over a split restored from a checkpoint";
  /**
   * The next id of each range whose reader was restored from a checkpoint mark, kept current by
   * that reader. Static on purpose: Flink loads a job's classes once per job and TaskManager, so this
   * is per job, and both readers of a duplicated split run in one subtask (one thread).
   */
  private static final Map<String, AtomicLong> RESTORED_POSITIONS = new ConcurrentHashMap<>();
  /** Event time of event 0; event {@code i} is {@code i} ms later (only the order matters). */
  static final Instant EVENT_TIME_ZERO = Instant.parse("2026-06-01T12:00:00Z");

  private final long from;
  private final long to;
  private final double eventsPerSecond;

  /**
   * @param to exclusive end; {@link Long#MAX_VALUE} for a source that never ends
   * @param eventsPerSecond over all splits together
   */
  public PacedEventSource(long from, long to, double eventsPerSecond) {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("PacedEventSource needs 0 <= from <= to, was [" + from + ", " + to + ")");
    }
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("PacedEventSource needs eventsPerSecond > 0, was " + eventsPerSecond);
    }
    this.from = from;
    this.to = to;
    this.eventsPerSecond = eventsPerSecond;
  }

  /** The next id a split will emit: all its checkpoint needs. */
  public static final class Mark implements UnboundedSource.CheckpointMark {
    private final long next;

    Mark(long next) {
      this.next = next;
    }

    long next() {
      return next;
    }

    @Override
    public void finalizeCheckpoint() {
      // Nothing to acknowledge: the ids are generated, not consumed from a broker.
    }
  }

  /** Fixed encoding of {@link Mark}: one variable-length long. Changing it breaks savepoint restores. */
  static final class MarkCoder extends AtomicCoder<Mark> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(Mark mark, OutputStream out) throws IOException {
      VarLongCoder.of().encode(mark.next(), out);
    }

    @Override
    public Mark decode(InputStream in) throws IOException {
      return new Mark(VarLongCoder.of().decode(in));
    }
  }

  /** Contiguous ranges, the rate shared evenly; deterministic for a given number of splits. */
  @Override
  public List<PacedEventSource> split(int desiredNumSplits, PipelineOptions options) {
    long n = to - from;
    int parts = (int) Math.max(1, Math.min(desiredNumSplits, Math.max(1, n)));
    List<PacedEventSource> splits = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      // Not n * p / parts: that overflows for an endless source (to = Long.MAX_VALUE).
      long start = from + (n / parts) * p + Math.min(p, n % parts);
      long end = from + (n / parts) * (p + 1) + Math.min(p + 1, n % parts);
      splits.add(new PacedEventSource(start, end, eventsPerSecond / parts));
    }
    return splits;
  }

  @Override
  public UnboundedReader<Long> createReader(PipelineOptions options, @Nullable Mark mark) {
    String range = "[" + from + ", " + to + ")";
    if (mark != null) {
      AtomicLong position = new AtomicLong(mark.next());
      RESTORED_POSITIONS.put(range, position);
      return new Reader(this, position);
    }
    AtomicLong restored = RESTORED_POSITIONS.get(range);
    if (restored != null) {
      LOG.warn("PacedEventSource {}: {} at id {}: a second reader without a checkpoint mark replaces the "
          + "restored one (apache/beam#31313); it goes on from there instead of the range's start", range,
          DUPLICATE_SPLIT_LOG, restored.get());
      return new Reader(this, restored);
    }
    return new Reader(this, new AtomicLong(from));
  }

  @Override
  public Coder<Mark> getCheckpointMarkCoder() {
    return new MarkCoder();
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  private static final class Reader extends UnboundedReader<Long> {
    private final PacedEventSource source;
    private final long intervalNanos;
    /** The next id; shared with a reader that replaces this one (see the class comment). */
    private final AtomicLong next;
    private @Nullable Long current;
    private long dueNanos;

    Reader(PacedEventSource source, AtomicLong next) {
      this.source = source;
      this.next = next;
      this.intervalNanos = (long) (1_000_000_000L / source.eventsPerSecond);
    }

    @Override
    public boolean start() {
      dueNanos = System.nanoTime();
      return advance();
    }

    @Override
    public boolean advance() {
      current = null;
      if (next.get() >= source.to) {
        return false;
      }
      long now = System.nanoTime();
      if (now < dueNanos) {
        return false;
      }
      current = next.getAndIncrement();
      // Keeps the pace; after a stall (a slow checkpoint) it catches up by at most one interval.
      dueNanos = Math.max(dueNanos + intervalNanos, now - intervalNanos);
      return true;
    }

    @Override
    public Long getCurrent() {
      if (current == null) {
        throw new NoSuchElementException("PacedEventSource: no current event (advance returned false)");
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return EVENT_TIME_ZERO.plus(getCurrent());
    }

    @Override
    public Instant getWatermark() {
      long n = next.get();
      if (n >= source.to) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      return EVENT_TIME_ZERO.plus(Math.max(0, n - 1));
    }

    @Override
    public Mark getCheckpointMark() {
      return new Mark(next.get());
    }

    @Override
    public UnboundedSource<Long, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
