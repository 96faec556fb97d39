/**
 * Not API. {@code CassandraIO.read()}: the table's schema at expansion, the token-range split
 * planner ({@link io.cassandraio.internal.read.SplitPlanner}, pure logic), and the two DoFns that
 * plan the splits and read them, configured by a {@link io.cassandraio.internal.read.ReadSpec}.
 */
package io.cassandraio.internal.read;
