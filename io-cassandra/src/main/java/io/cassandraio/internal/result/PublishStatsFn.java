package io.cassandraio.internal.result;

import org.apache.beam.sdk.transforms.DoFn;

/**
 * Publishes a writer's {@link WriteStats} as Beam metrics. A step of its own because every
 * runner gives a plain DoFn a metrics container, which a {@code @RequiresStableInput} writer on
 * Flink streaming does not have.
 */
public final class PublishStatsFn extends DoFn<WriteStats, Void> {
  private static final long serialVersionUID = 1L;

  @ProcessElement
  public void processElement(@Element WriteStats stats) {
    stats.publish();
  }
}
