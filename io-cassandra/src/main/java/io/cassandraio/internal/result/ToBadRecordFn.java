package io.cassandraio.internal.result;

import io.cassandraio.FailedWrite;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;

/**
 * A {@link FailedWrite} as Beam's dead-letter record: the element encoded with the input's coder
 * (so that it can be decoded and written again), the driver's error, and what was written to.
 */
public final class ToBadRecordFn<T> extends DoFn<FailedWrite<T>, BadRecord> {
  private static final long serialVersionUID = 1L;
  private final Coder<T> elementCoder;
  private final String write;

  public ToBadRecordFn(Coder<T> elementCoder, String write) {
    this.elementCoder = elementCoder;
    this.write = write;
  }

  @ProcessElement
  public void processElement(@Element FailedWrite<T> failed, OutputReceiver<BadRecord> out) {
    BadRecord.Record record = BadRecord.Record.builder()
        .addHumanReadableJson(failed.getElement())
        .addCoderAndEncodedRecord(elementCoder, failed.getElement())
        .build();
    BadRecord.Failure failure = BadRecord.Failure.builder()
        .setException(failed.getErrorClass() + ": " + failed.getErrorMessage())
        .setDescription(write + (failed.isOutcomeUnknown()
            ? ": outcome unknown (an attempt timed out: the element may have been written)"
            : ": not written"))
        .build();
    out.output(BadRecord.builder().setRecord(record).setFailure(failure).build());
  }
}
