package io.cassandraio.bench;

import java.util.List;

/**
 * What {@code scripts/bench --read} measures: every read contender on the same table of
 * {@code rows} rows, on one node and on three (replication factor = nodes, the consistency of the
 * write benchmark's runs A and B).
 */
record ReadPlan(String name, List<Shape> shapes, long rows, int repetitions) {
  /** The locality of the rows loaded (multi-row partitions, as sensors' time series have). */
  static final double LOAD_LOCALITY = 0.8;

  /** A cluster: its name in the output, its nodes (= replication factor) and the read consistency. */
  record Shape(String name, int nodes, String consistency) {}

  static ReadPlan read(long rows) {
    return new ReadPlan("read", List.of(new Shape("R1", 1, "ONE"), new Shape("R3", 3, "QUORUM")), rows, 2);
  }

  /** A few hundred rows on one node: the harness smoke test. */
  static ReadPlan smoke() {
    return new ReadPlan("read-smoke", List.of(new Shape("R1", 1, "ONE")), 500, 1);
  }
}
