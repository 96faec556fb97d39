/**
 * Not API. The one mapping between CQL types and Beam schema types, both directions: {@link
 * io.cassandraio.internal.schema.ScalarTypes} (the table), {@link
 * io.cassandraio.internal.schema.WriteConverters} ({@code withRows}), {@link
 * io.cassandraio.internal.schema.ReadConverters} and {@link
 * io.cassandraio.internal.schema.BeamRowReader} (reading), {@link
 * io.cassandraio.internal.schema.TypeTable} (the README's table).
 */
package io.cassandraio.internal.schema;
