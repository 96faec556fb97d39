package io.cassandraio.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The README's table "CQL type → Beam types accepted on write → Beam type produced on read",
 * printed from {@link ScalarTypes} (and, for collections, tuples, UDTs and vectors, from the
 * rules {@link WriteConverters} and {@link ReadConverters} follow), so that a test can hold the
 * README to the code.
 */
public final class TypeTable {
  private TypeTable() {}

  /** The markdown table, one line per row, header first. */
  public static List<String> markdown() {
    List<String> lines = new ArrayList<>();
    lines.add("| CQL type | Beam types `withRows` takes | Beam type `read()` and `schemaOf` give |");
    lines.add("| --- | --- | --- |");
    for (ScalarTypes.Scalar s : ScalarTypes.all()) {
      String cql = s.names().stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
      String writes = s.writes().stream().map(TypeTable::label).collect(Collectors.joining("; "));
      String read = "`" + BeamTypeNames.of(s.read()) + "`" + (s.readNote().isEmpty() ? "" : " (" + s.readNote() + ")");
      lines.add("| " + cql + " | " + writes + " | " + read + " |");
    }
    lines.add("| `list<T>` | `ARRAY<B>` or `ITERABLE<B>`, B any type that T takes; no null elements | `ARRAY<R>`, "
        + "R what T gives |");
    lines.add("| `set<T>` | as `list<T>`; duplicates dropped | `ARRAY<R>`, in Cassandra's order (sorted) |");
    lines.add("| `map<K, V>` | `MAP<BK, BV>`; no null keys or values | `MAP<RK, RV>` |");
    lines.add("| `tuple<T0, T1, ...>` | `ROW` with as many fields, by position (any names); or `ARRAY<B>` / "
        + "`ITERABLE<B>` with as many elements, by position | `ROW(f0 R0, f1 R1, ...)`, fields nullable |");
    lines.add("| user-defined type | `ROW` whose fields are fields of the UDT, by name (any subset; fields left out "
        + "are null) | `ROW` of all the UDT's fields, nullable |");
    lines.add("| `vector<T, n>` (Cassandra 5), T `float`, `double`, `int` or `bigint` | `ARRAY<B>` or `ITERABLE<B>` of "
        + "exactly n elements | `ARRAY<R>` |");
    lines.add("| `vector<T, n>` of any other T; a custom type (`'org.apache...Type'`) | none: `withRows` refuses the field "
        + "and `schemaOf` the table (driver 4.17 reads and writes vectors of other elements wrong) | none |");
    lines.add("| `frozen<...>` | as the type inside | as the type inside |");
    lines.add("| any other logical type | written as its base type: e.g. `EnumerationType` into `int` (its number; into "
        + "`text` or `ascii` it goes by name, as the driver's mapper writes a Java enum), `FixedString` into `text`, "
        + "`FixedPrecisionNumeric` into `decimal` | |");
    return lines;
  }

  private static String label(ScalarTypes.WriteFrom w) {
    String type = "`" + BeamTypeNames.of(w.beamType()) + "`";
    return w.note().isEmpty() ? type : type + " (" + w.note() + ")";
  }
}
