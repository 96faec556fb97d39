package io.cassandraio.it.support;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a table counted by the test's own driver, one {@code count(*)} per token range of
 * the ring as the driver's token map has it (with vnodes: every vnode range), the range that
 * wraps around the ring counted as its two halves. What a token-range read must add up to; also
 * the way to count a table whose rows sit on every node without one slow full-ring count.
 */
public final class TokenRangeCount {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TokenRangeCount() {}

  /** Murmur3 token ranges {@code (start, end]} as longs, the wrapping range unwrapped. */
  public record Slice(long start, long end) {}

  /**
   * The ring's ranges, sorted, none wrapping: {@code (start, end]} pairs that cover every token
   * once. Murmur3 never gives a key the minimum token, so the half that ends at the top of the
   * ring ends at {@code Long.MAX_VALUE}.
   */
  public static List<Slice> slices(CqlSession session) {
    TokenMap tokens = session.getMetadata().getTokenMap()
        .orElseThrow(() -> new AssertionError("the test's session has no token map"));
    List<Slice> slices = new ArrayList<>();
    for (TokenRange range : tokens.getTokenRanges()) {
      long start = ((Murmur3Token) range.getStart()).getValue();
      long end = ((Murmur3Token) range.getEnd()).getValue();
      if (end > start) {
        slices.add(new Slice(start, end));
      } else { // wraps: (start, max] and (min, end]; with one node, start == end is the whole ring
        slices.add(new Slice(start, Long.MAX_VALUE));
        if (end != Long.MIN_VALUE) {
          slices.add(new Slice(Long.MIN_VALUE, end));
        }
      }
    }
    slices.sort((a, b) -> Long.compare(a.start(), b.start()));
    return slices;
  }

  /** {@code count(*)} of {@code table} ({@code ks.table}) over every slice, at {@code consistency}. */
  public static long count(CqlSession session, String table, String partitionKey, ConsistencyLevel consistency) {
    return perSlice(session, table, partitionKey, consistency).stream().mapToLong(Long::longValue).sum();
  }

  /** The count of every slice of {@link #slices}, in that order. */
  public static List<Long> perSlice(CqlSession session, String table, String partitionKey,
      ConsistencyLevel consistency) {
    PreparedStatement count = session.prepare("SELECT count(*) FROM " + table + " WHERE token(" + partitionKey
        + ") > ? AND token(" + partitionKey + ") <= ?");
    List<Long> counts = new ArrayList<>();
    for (Slice s : slices(session)) {
      counts.add(session.execute(count.bind(s.start(), s.end()).setConsistencyLevel(consistency).setTimeout(TIMEOUT))
          .one().getLong(0));
    }
    return counts;
  }
}
