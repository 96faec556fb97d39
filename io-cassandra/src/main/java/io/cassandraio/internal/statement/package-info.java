/** Not API. An element becomes a bound statement: the three ways in (entity, CQL, Row) and the options every statement gets. */
package io.cassandraio.internal.statement;
