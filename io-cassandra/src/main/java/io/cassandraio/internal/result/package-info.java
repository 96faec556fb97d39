/** Not API. What a write reports: metrics and the coder of failed writes. */
package io.cassandraio.internal.result;
