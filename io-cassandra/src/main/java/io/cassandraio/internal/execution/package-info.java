/** Not API. Sending write units under a bounded window of in-flight requests, with retries. */
package io.cassandraio.internal.execution;
