/** Not API. Exactly-once: micro-batch sequencing, the checkpoint table and the commit protocol. */
package io.cassandraio.internal.replay;
