/** Not API. Where a statement goes: routing key, token and replica set, the key statements are grouped by. */
package io.cassandraio.internal.routing;
