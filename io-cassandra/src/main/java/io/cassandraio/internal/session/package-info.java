/** Not API. One driver session per JVM and connection, shared by leases. */
package io.cassandraio.internal.session;
