/**
 * CassandraIO: an Apache Beam I/O that writes to Apache Cassandra through DataStax Java driver 4.
 *
 * <p>Start at {@link io.cassandraio.CassandraIO#write()}. This package, {@link
 * io.cassandraio.listener} and {@link io.cassandraio.schema} are the whole public API; everything under {@code
 * io.cassandraio.internal} is implementation and may change in any release.
 */
package io.cassandraio;
