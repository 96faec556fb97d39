package io.cassandraio.internal.statement;

import java.util.regex.Pattern;

/**
 * Whether replaying a CQL write is harmless. Upserts and deletes are; counter updates, list
 * appends and prepends, and lightweight transactions are not, and are never retried blindly.
 */
final class Idempotence {
  // "SET n = n + ?" or "SET l = l - ?" (counters, list append/remove)
  private static final Pattern SELF_UPDATE =
      Pattern.compile("(?<![\\w\"])(\"?\\w+\"?)\\s*=\\s*\\1\\s*[+-]", Pattern.CASE_INSENSITIVE);
  // "SET l = ? + l" or "SET l = [..] + l" (list prepend)
  private static final Pattern PREPEND =
      Pattern.compile("(?<![\\w\"])(\"?\\w+\"?)\\s*=\\s*(\\?|:\\w+|\\[[^\\]]*\\])\\s*\\+\\s*\\1(?![\\w\"])", Pattern.CASE_INSENSITIVE);
  // "IF NOT EXISTS", "IF EXISTS", "IF col = ..."
  private static final Pattern CONDITIONAL = Pattern.compile("\\bIF\\b", Pattern.CASE_INSENSITIVE);

  private Idempotence() {}

  public static boolean isIdempotent(String cql) {
    String text = stripStrings(cql);
    return !SELF_UPDATE.matcher(text).find()
        && !PREPEND.matcher(text).find()
        && !CONDITIONAL.matcher(text).find();
  }

  /** Whether the statement is a lightweight transaction (cannot share a multi-partition batch). */
  public static boolean isConditional(String cql) {
    return CONDITIONAL.matcher(stripStrings(cql)).find();
  }

  private static String stripStrings(String cql) {
    return cql.replaceAll("'(?:[^']|'')*'", "''");
  }
}
