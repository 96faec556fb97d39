package io.cassandraio.internal.statement;

import io.cassandraio.internal.session.ConnectionSpec;
import io.cassandraio.internal.session.SessionLease;
import java.io.Serializable;
import org.apache.beam.sdk.values.PCollection;

/**
 * One of the three ways in (mapper entity, CQL plus binder, Beam Row). Serializable; it becomes a
 * {@link StatementMaker} on the worker, against a live session.
 */
public interface StatementFactory<T> extends Serializable {
  /** Prepares what is needed once per session and fails, naming the problem, if it cannot. */
  StatementMaker<T> open(SessionLease lease);

  /**
   * Checks this factory against the input at pipeline construction and returns the factory to
   * use for it (the Row path needs the input's schema).
   */
  default StatementFactory<T> forInput(PCollection<T> input, ConnectionSpec connection) {
    return this;
  }

  /** For display data and error messages: the table or CQL written. */
  String describe();
}
