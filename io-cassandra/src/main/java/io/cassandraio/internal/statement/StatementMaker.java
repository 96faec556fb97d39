package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.cql.BoundStatement;

/** Turns one element into a bound statement; built once per session in {@code @Setup}. */
public interface StatementMaker<T> {
  BoundStatement make(T element);
}
