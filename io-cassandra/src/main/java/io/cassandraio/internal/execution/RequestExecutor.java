package io.cassandraio.internal.execution;

import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.concurrent.CompletionStage;

/** Sends one request: {@code CqlSession::executeAsync}, or a stand-in in the writer's unit tests. */
@FunctionalInterface
public interface RequestExecutor {
  CompletionStage<?> execute(Statement<?> statement);
}
