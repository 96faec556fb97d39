package io.cassandraio.internal.execution;

import java.io.Serializable;

/** Bounds of the sliding window of in-flight requests, per writer instance. */
public record ExecutionLimits(int maxInFlightRequests, long maxInFlightBytes, int maxBufferedStatements)
    implements Serializable {
  public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 128;
  public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 8L * 1024 * 1024;
  /** Statements held for grouping before they are sent, even mid-bundle: bounds memory. */
  public static final int DEFAULT_MAX_BUFFERED_STATEMENTS = 5_000;

  public ExecutionLimits {
    if (maxInFlightRequests < 1) {
      throw new IllegalArgumentException("withMaxInFlightRequests must be at least 1, was " + maxInFlightRequests);
    }
    if (maxInFlightBytes < 1024) {
      throw new IllegalArgumentException("withMaxInFlightBytes must be at least 1024, was " + maxInFlightBytes);
    }
    if (maxBufferedStatements < 1) {
      throw new IllegalArgumentException("withMaxBufferedStatements must be at least 1, was " + maxBufferedStatements);
    }
  }

  public static ExecutionLimits defaults() {
    return new ExecutionLimits(DEFAULT_MAX_IN_FLIGHT_REQUESTS, DEFAULT_MAX_IN_FLIGHT_BYTES, DEFAULT_MAX_BUFFERED_STATEMENTS);
  }

  public ExecutionLimits withMaxInFlightRequests(int requests) {
    return new ExecutionLimits(requests, maxInFlightBytes, maxBufferedStatements);
  }

  public ExecutionLimits withMaxInFlightBytes(long bytes) {
    return new ExecutionLimits(maxInFlightRequests, bytes, maxBufferedStatements);
  }

  public ExecutionLimits withMaxBufferedStatements(int statements) {
    return new ExecutionLimits(maxInFlightRequests, maxInFlightBytes, statements);
  }
}
