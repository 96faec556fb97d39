/** Not API. A bundle's statements grouped by partition or replica set and cut into small UNLOGGED batches. */
package io.cassandraio.internal.grouping;
