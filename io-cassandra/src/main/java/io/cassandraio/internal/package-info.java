/**
 * Not API. The write path, one package per step of the data flow: {@code statement} → {@code
 * routing} → {@code grouping} → {@code execution} → {@code result}, with {@code replay} for
 * exactly-once, {@code schema} for the type mapping between CQL and Beam schemas, {@code session}
 * for the shared driver sessions and {@code write} for the DoFns that run the steps. Classes are
 * public only where another internal package needs them.
 */
package io.cassandraio.internal;
