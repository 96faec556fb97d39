/**
 * CassandraIO: an Apache Beam I/O that writes to Apache Cassandra through DataStax Java driver 4.
 *
 * <p>Start at {@link io.cassandraio.CassandraIO#write()}. This package and {@link
 * io.cassandraio.listener} are the whole public API; everything under {@code
 * io.cassandraio.internal} is implementation and may change in any release.
 */
package io.cassandraio;
