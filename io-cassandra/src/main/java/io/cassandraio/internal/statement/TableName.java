package io.cassandraio.internal.statement;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A table named as the user wrote it, {@code table} or {@code keyspace.table}: the one
 * convention every option that names a table follows.
 */
public record TableName(@Nullable String keyspace, String table) implements Serializable {
  /** Unquoted (case-insensitive) or double-quoted (case-sensitive, {@code ""} for a quote), as in CQL. */
  private static final Pattern CQL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}|\"(?:[^\"]|\"\"){1,48}\"");

  /** Parses {@code text}; errors name {@code option}. */
  public static TableName parse(String option, @Nullable String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(option + " needs a table name (table or keyspace.table)");
    }
    int dot = dotOutsideQuotes(text);
    TableName name = dot < 0 ? new TableName(null, text) : new TableName(text.substring(0, dot), text.substring(dot + 1));
    if (name.keyspace != null) {
      requireCqlName(option, "keyspace", name.keyspace, text);
    }
    requireCqlName(option, "table", name.table, text);
    return name;
  }

  private static int dotOutsideQuotes(String text) {
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /** This name, with {@code defaultKeyspace} if it has none of its own. */
  public TableName orKeyspace(@Nullable String defaultKeyspace) {
    return keyspace != null ? this : new TableName(defaultKeyspace, table);
  }

  /**
   * The table as the driver's metadata names it. An unquoted CQL name is case-insensitive, so its
   * internal form is lower case ({@code CqlIdentifier.fromCql} would refuse an unquoted reserved
   * word such as {@code order}, a valid table name once quoted); a quoted one keeps its case.
   */
  public CqlIdentifier tableId() {
    return idOf(table);
  }

  /** The keyspace, as {@link #tableId()} names the table; null without one. */
  public @Nullable CqlIdentifier keyspaceId() {
    return keyspace == null ? null : idOf(keyspace);
  }

  private static CqlIdentifier idOf(String name) {
    return name.startsWith("\"") ? CqlIdentifier.fromCql(name) : CqlIdentifier.fromInternal(name.toLowerCase(Locale.ROOT));
  }

  /** {@code keyspace.table}, or the bare table without a keyspace. */
  public String qualified() {
    return keyspace == null ? table : keyspace + "." + table;
  }

  @Override
  public String toString() {
    return qualified();
  }

  private static void requireCqlName(String option, String part, String name, String text) {
    if (!CQL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(option + "(\"" + text + "\"): the " + part + " '" + name
          + "' is not a CQL name (a letter, then up to 47 letters, digits or _, or a double-quoted name; write "
          + "keyspace.table)");
    }
  }
}
