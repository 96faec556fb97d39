package io.cassandraio.listener;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import java.io.Serializable;
import java.util.List;

/**
 * Diagnostics hook: told the statements of every request just before it is sent (one for a
 * plain statement, several for a batch). Runs on the writer's thread; keep it cheap.
 */
@FunctionalInterface
public interface SentRequestListener extends Serializable {
  void sent(List<BoundStatement> statements);
}
