/**
 * CassandraIO: an Apache Beam I/O that writes to Apache Cassandra through DataStax Java driver 4.
 *
 * <p>The write transform arrives with the next milestone; this module currently holds only its
 * build (Beam core and the driver, nothing else).
 */
package io.cassandraio;
