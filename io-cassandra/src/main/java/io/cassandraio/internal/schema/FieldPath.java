package io.cassandraio.internal.schema;

/**
 * Where a value sits, for messages: the path of the Beam field ({@code addr.zip},
 * {@code tags[element]}), where that is on the Cassandra side ({@code column ks.t.addr}, or
 * {@code field zip of UDT ks.address inside column ks.t.addr}), and what the CQL type in a
 * message is the type of ({@code the column}, {@code the UDT field}, {@code the element type}).
 */
public record FieldPath(String beamPath, String cqlPlace, String cqlNoun) {

  /** A top-level field written to (or read from) column {@code keyspace.table.column}. */
  public static FieldPath column(String field, String keyspace, String table, String column) {
    return new FieldPath(field, "column " + keyspace + "." + table + "." + column, "the column");
  }

  /** Field {@code udtField} of UDT {@code udt} ({@code ks.address}), given as Beam field {@code beamField}. */
  FieldPath udtField(String beamField, String udtField, String udt) {
    return new FieldPath(beamPath + "." + beamField, "field " + udtField + " of UDT " + udt + " inside " + cqlPlace,
        "the UDT field");
  }

  /** Component {@code index} of a tuple; {@code beamStep} is {@code .field} (from a ROW) or {@code [i]} (from an array). */
  FieldPath tupleComponent(String beamStep, int index) {
    return new FieldPath(beamPath + beamStep, "component " + index + " of the tuple inside " + cqlPlace,
        "the tuple component");
  }

  /** The elements of a list, set or vector. */
  FieldPath element() {
    return new FieldPath(beamPath + "[element]", cqlPlace, "the element type");
  }

  FieldPath mapKey() {
    return new FieldPath(beamPath + "[key]", cqlPlace, "the key type");
  }

  FieldPath mapValue() {
    return new FieldPath(beamPath + "[value]", cqlPlace, "the value type");
  }

  /** {@code Row field 'addr.zip' (field zip of UDT ks.address inside column ks.t.addr)}. */
  public String what() {
    return "Row field '" + beamPath + "' (" + cqlPlace + ")";
  }

  /** A per-element error about a value at this place. */
  IllegalArgumentException badValue(String problem) {
    return new IllegalArgumentException(what() + ": " + problem);
  }

  IllegalArgumentException badValue(String problem, Throwable cause) {
    return new IllegalArgumentException(what() + ": " + problem, cause);
  }
}
