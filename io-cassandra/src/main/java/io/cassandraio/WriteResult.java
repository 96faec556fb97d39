package io.cassandraio;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link CassandraIO.Write} returns: the elements that could not be written (only in
 * {@link FailureMode#REPORT}; empty otherwise) and a completion signal for {@code Wait.on}.
 */
public final class WriteResult<T> implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<Long> signalTag;
  private final PCollection<Long> signal;
  private final TupleTag<FailedWrite<T>> failuresTag;
  private final PCollection<FailedWrite<T>> failures;

  WriteResult(Pipeline pipeline, TupleTag<Long> signalTag, PCollection<Long> signal,
      TupleTag<FailedWrite<T>> failuresTag, PCollection<FailedWrite<T>> failures) {
    this.pipeline = pipeline;
    this.signalTag = signalTag;
    this.signal = signal;
    this.failuresTag = failuresTag;
    this.failures = failures;
  }

  /** Elements not written, each with its error. Always empty in {@link FailureMode#FAIL}. */
  public PCollection<FailedWrite<T>> getFailedWrites() {
    return failures;
  }

  /**
   * One element per bundle and window once that bundle's writes completed: the number of
   * statements the bundle wrote (failed ones, reported in {@link #getFailedWrites()}, not
   * counted; with {@code withExactlyOnce}, the statements of micro-batches written by this bundle,
   * not those skipped as already committed). Use it as {@code Wait.on(result.getCompletionSignal())}.
   */
  public PCollection<Long> getCompletionSignal() {
    return signal;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(signalTag, signal, failuresTag, failures);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
}
