package io.cassandraio.it.exactlyonce;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The numbers {@code [from, to)}, one every {@code intervalMillis} per split, with an exact
 * checkpoint mark (the next number), so that Flink restores it where its last checkpoint was and
 * replays exactly what followed. When a split is exhausted its watermark goes to the end of time,
 * so that the job ends (with {@code shutdownSourcesAfterIdleMs}).
 *
 * <p>Why not GenerateSequence or Create: on the Flink runner (2.62, streaming) a bounded source's
 * checkpoint is the whole split it is reading, so a split that is half read at a checkpoint is read
 * again from its start after a restore: duplicates upstream of any sink. Reading them fast enough to
 * finish before the first checkpoint avoids that, but then all the input arrives at once and no
 * checkpoint completes between failures. This source is paced and restored exactly.
 */
final class PacedSequence extends UnboundedSource<Long, PacedSequence.Mark> {
  private static final long serialVersionUID = 1L;
  static final Instant BASE = new Instant(1_780_000_000_000L);

  private final long from;
  private final long to;
  private final long intervalMillis;
  private final long lingerMillis;
  private final boolean minTimestamps;

  PacedSequence(long from, long to, long intervalMillis, long lingerMillis) {
    this(from, to, intervalMillis, lingerMillis, false);
  }

  /**
   * {@code lingerMillis}: how long a split waits after its last number before its watermark goes to
   * the end of time. On the Flink runner an exhausted unbounded split finishes the source at once
   * (shutdownSourcesAfterIdleMs does not apply), and a {@code @RequiresStableInput} writer whose last
   * batches are still buffered, waiting for a checkpoint, then fails the job ("There are still
   * watermark holds left"). Lingering longer than a batch delay plus a checkpoint interval lets the
   * last batches be cut, checkpointed and written first. (CassandraIO now requires
   * {@code --enableStableInputDrain}, which writes them when the input ends, so 0 works too.)
   *
   * <p>{@code minTimestamps}: every element at {@link BoundedWindow#TIMESTAMP_MIN_VALUE} and the
   * watermark there until the end, as from a source that assigns no event time.
   */
  PacedSequence(long from, long to, long intervalMillis, long lingerMillis, boolean minTimestamps) {
    this.from = from;
    this.to = to;
    this.intervalMillis = intervalMillis;
    this.lingerMillis = lingerMillis;
    this.minTimestamps = minTimestamps;
  }

  /** The number after the last one emitted. */
  record Mark(long next) implements UnboundedSource.CheckpointMark, Serializable {
    @Override
    public void finalizeCheckpoint() {}
  }

  @Override
  public List<PacedSequence> split(int desiredNumSplits, PipelineOptions options) {
    List<PacedSequence> splits = new ArrayList<>();
    long n = to - from;
    int parts = (int) Math.max(1, Math.min(desiredNumSplits, n));
    for (int p = 0; p < parts; p++) {
      splits.add(new PacedSequence(from + n * p / parts, from + n * (p + 1) / parts, intervalMillis, lingerMillis,
          minTimestamps));
    }
    return splits;
  }

  @Override
  public UnboundedReader<Long> createReader(PipelineOptions options, @Nullable Mark mark) {
    System.out.printf("PacedSequence [%d, %d): reader from %s%n", from, to, mark == null ? "the start" : "mark " + mark.next());
    return new Reader(this, mark == null ? from : mark.next());
  }

  @Override
  public Coder<Mark> getCheckpointMarkCoder() {
    return SerializableCoder.of(Mark.class);
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  private static final class Reader extends UnboundedReader<Long> {
    private final PacedSequence source;
    private long next;
    private @Nullable Long current;
    private long dueNanos;
    private boolean exhausted;
    private long lastSeenNanos = -1;

    Reader(PacedSequence source, long next) {
      this.source = source;
      this.next = next;
    }

    @Override
    public boolean start() {
      dueNanos = System.nanoTime();
      return advance();
    }

    @Override
    public boolean advance() {
      if (next >= source.to) {
        // Asked for more after the last number: the watermark may jump to the end after the linger.
        current = null;
        long now = System.nanoTime();
        if (lastSeenNanos < 0) {
          lastSeenNanos = now;
        }
        exhausted = now - lastSeenNanos >= source.lingerMillis * 1_000_000L;
        return false;
      }
      long now = System.nanoTime();
      if (now < dueNanos) {
        return false;
      }
      current = next++;
      dueNanos = now + source.intervalMillis * 1_000_000L;
      return true;
    }

    @Override
    public Long getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return source.minTimestamps ? BoundedWindow.TIMESTAMP_MIN_VALUE : BASE.plus(getCurrent());
    }

    @Override
    public Instant getWatermark() {
      if (exhausted) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      return source.minTimestamps ? BoundedWindow.TIMESTAMP_MIN_VALUE : BASE.plus(Math.max(0, next - 1));
    }

    @Override
    public Mark getCheckpointMark() {
      return new Mark(next);
    }

    @Override
    public UnboundedSource<Long, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
