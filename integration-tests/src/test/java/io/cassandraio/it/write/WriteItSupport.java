package io.cassandraio.it.write;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.listener.SentRequestListener;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Shared pieces of the write ITs: a recording {@link SentRequestListener}, single-bundle inputs and
 * error texts. (Keyspaces and connections: {@code it.support.TestKeyspace}; metrics:
 * {@code it.support.WriterMetrics}.)
 */
final class WriteItSupport {
  private WriteItSupport() {}

  // ---- what the writer sent -------------------------------------------------------------

  private static final Map<String, Queue<List<BoundStatement>>> SENT = new ConcurrentHashMap<>();

  /**
   * A listener that records every request (its statements) under {@code key}. The DirectRunner
   * runs the DoFns in this JVM, so the deserialized listener writes into this static map.
   */
  static SentRequestListener recordingListener(String key) {
    SENT.put(key, new ConcurrentLinkedQueue<>());
    return statements -> SENT.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>())
        .add(List.copyOf(statements));
  }

  /** Requests recorded under {@code key}, each as the list of its statements. */
  static List<List<BoundStatement>> sent(String key) {
    Queue<List<BoundStatement>> q = SENT.get(key);
    return q == null ? List.of() : new ArrayList<>(q);
  }

  // ---- inputs ---------------------------------------------------------------------------

  /**
   * {@code elements} as ONE bundle downstream: a single seed element fans out into all of them,
   * so that the writer sees them together (a {@code Create.of(list)} may be split into several
   * bundles by the DirectRunner, which would make grouping assertions depend on the split).
   */
  static <T extends Serializable> PCollection<T> oneBundle(Pipeline p, String name, List<T> elements, Coder<T> coder) {
    return oneBundle(p, name, elements).setCoder(coder);
  }

  /** As above, leaving the coder (or the Row schema: {@code .setRowSchema}) to the caller. */
  static <T extends Serializable> PCollection<T> oneBundle(Pipeline p, String name, List<T> elements) {
    return p.apply(name + " seed", Create.of(0))
        .apply(name, ParDo.of(new EmitAll<>(new ArrayList<>(elements))));
  }

  private static final class EmitAll<T> extends DoFn<Integer, T> {
    private static final long serialVersionUID = 1L;
    private final ArrayList<T> elements;

    EmitAll(ArrayList<T> elements) {
      this.elements = elements;
    }

    @ProcessElement
    public void process(OutputReceiver<T> out) {
      elements.forEach(out::output);
    }
  }

  // ---- errors ---------------------------------------------------------------------------

  /** Every message along the cause chain, one per line: what a user reading the trace sees. */
  static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
    }
    return b.toString();
  }
}
