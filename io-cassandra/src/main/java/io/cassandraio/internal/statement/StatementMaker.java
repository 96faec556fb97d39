package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Turns one element into a bound statement; built once per session in {@code @Setup}. */
public interface StatementMaker<T> {
  BoundStatement make(T element);

  /**
   * The statement every element is bound to, when it is known before the first element (what the
   * permission check at setup needs); null when only a made statement tells (a mapper DAO).
   */
  default @Nullable PreparedStatement prepared() {
    return null;
  }

  /** A maker whose every statement is bound from {@code prepared}. */
  static <T> StatementMaker<T> bindingTo(PreparedStatement prepared, Function<T, BoundStatement> make) {
    return new StatementMaker<>() {
      @Override
      public BoundStatement make(T element) {
        return make.apply(element);
      }

      @Override
      public PreparedStatement prepared() {
        return prepared;
      }
    };
  }
}
