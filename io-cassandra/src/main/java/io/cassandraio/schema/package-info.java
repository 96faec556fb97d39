/**
 * Beam logical types for the CQL types that Beam has none for: {@link
 * io.cassandraio.schema.CqlDurationType} ({@code duration}: months, days and nanoseconds) and
 * {@link io.cassandraio.schema.InetAddressType} ({@code inet}). {@code CassandraIO.schemaOf}
 * and {@code read()} produce them; {@code withRows} takes them. The README's "Beam schemas and
 * CQL types" lists every CQL type with its Beam types.
 */
package io.cassandraio.schema;
