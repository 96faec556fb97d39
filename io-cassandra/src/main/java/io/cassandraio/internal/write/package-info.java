/** Not API. The DoFns and transforms that run the write path, configured by a WriteSpec. */
package io.cassandraio.internal.write;
