/** Diagnostics and fault-injection hooks of a write: see every request or every micro-batch. */
package io.cassandraio.listener;
