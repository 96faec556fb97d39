package io.cassandraio.local;

/** Where the Cassandra for tests and examples comes from. */
public enum BackendKind {
  /** A cluster the user runs, named by {@value CassandraBackends#CONTACT_POINTS_ENV}. */
  EXTERNAL,
  /** Testcontainers' Cassandra module, when a Docker engine answers. */
  TESTCONTAINERS,
  /** Real Cassandra nodes started by this project as child JVMs (no Docker needed). */
  LOCAL
}
