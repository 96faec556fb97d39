package io.cassandraio.it.write;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.it.support.SharedCassandra;
import io.cassandraio.listener.SentRequestListener;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Shared pieces of the write ITs: connections to the shared node, a recording
 * {@link SentRequestListener}, single-bundle inputs, Beam metrics and error texts.
 */
final class WriteItSupport {
  private WriteItSupport() {}

  /** A connection to the shared node with {@code keyspace} as the session keyspace. */
  static CassandraConnection connection(String keyspace) {
    return CassandraConnection.create()
        .withContactPoints(SharedCassandra.contactPoints())
        .withLocalDatacenter(SharedCassandra.localDatacenter())
        .withKeyspace(keyspace);
  }

  static void createKeyspace(CqlSession session, String keyspace) {
    session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
    session.execute("CREATE KEYSPACE " + keyspace
        + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
  }

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

  // ---- metrics --------------------------------------------------------------------------

  /**
   * Sum over all steps of the committed value of CassandraIO counter {@code name}.
   *
   * <p>Committed, not attempted: the DirectRunner commits a bundle's logical metrics before it
   * reports the bundle done, but folds the last physical ("attempted") update of a bundle in
   * only after that, in a {@code finally}. Counters a DoFn bumps in {@code @FinishBundle} (where
   * this writer publishes once its requests complete) can therefore still be missing from the
   * attempted values when {@code waitUntilFinish()} returns; seen here as rowsWritten = 0.
   */
  static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> r : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(CassandraIOMetrics.NAMESPACE, name)).build()).getCounters()) {
      sum += r.getCommitted();
    }
    return sum;
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
