package io.cassandraio.internal.routing;

/**
 * What statements must share to go into one batch. {@link #SINGLETON} never groups: each such
 * statement is sent on its own.
 */
public record GroupKey(Object value) {
  /** Not equal to anything, itself included, by contract of the grouper. */
  public static final GroupKey SINGLETON = new GroupKey(new Object());

  public boolean isSingleton() {
    return this == SINGLETON;
  }
}
