package io.cassandraio.internal.execution;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import java.util.List;

/**
 * Whether a failed write may nevertheless have been applied. Only errors that prove nothing was
 * applied count as "not applied": the coordinator refused the request before sending it to any
 * replica (unavailable, overloaded, bootstrapping, invalid), or the driver never sent it (no
 * connection, throttled). Everything else, timeouts first, leaves the outcome unknown: some
 * replica may hold the row, and a later read may find it.
 */
public final class FailureOutcome {
  private FailureOutcome() {}

  /**
   * {@code multiPartition}: the request was a batch over several partitions. Its coordinator sends
   * one mutation after another and may find the replicas of a later one unavailable (or too many
   * hints in flight) after earlier ones went out, so those two errors prove nothing for it.
   */
  public static boolean mayHaveBeenApplied(Throwable error, boolean multiPartition) {
    Throwable e = RetrySchedule.unwrap(error);
    if (e instanceof AllNodesFailedException all && !(e instanceof NoNodeAvailableException)) {
      // Tried on several nodes: unknown as soon as one attempt's outcome is.
      return all.getAllErrors().values().stream().flatMap(List::stream)
          .anyMatch(nodeError -> mayHaveBeenApplied(nodeError, multiPartition));
    }
    if (e instanceof UnavailableException || e instanceof OverloadedException) {
      return multiPartition;
    }
    return !(e instanceof NoNodeAvailableException
        || e instanceof BootstrappingException
        || e instanceof QueryValidationException
        || e instanceof FunctionFailureException
        || e instanceof NodeUnavailableException
        || e instanceof BusyConnectionException
        || e instanceof RequestThrottlingException);
  }
}
