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
    List<Shape> shapes = List.of(new Shape("R1", 1, "ONE"), new Shape("R3", 3, "QUORUM"));
    // -Dbench.shapes=R1: one cluster shape only; -Dbench.reps=N: repetitions (median of 3 by default).
    String only = System.getProperty("bench.shapes");
    if (only != null) {
      List<String> names = List.of(only.split(","));
      List<String> known = shapes.stream().map(Shape::name).toList();
      if (!known.containsAll(names)) {
        throw new IllegalArgumentException("-Dbench.shapes=" + only + ": the shapes are " + known);
      }
      shapes = shapes.stream().filter(s -> names.contains(s.name())).toList();
    }
    int reps = Integer.getInteger("bench.reps", 3);
    if (reps < 1) {
      throw new IllegalArgumentException("-Dbench.reps must be at least 1, was " + reps);
    }
    return new ReadPlan("read", shapes, rows, reps);
  }

  /** A few hundred rows on one node: the harness smoke test. */
  static ReadPlan smoke() {
    return new ReadPlan("read-smoke", List.of(new Shape("R1", 1, "ONE")), 500, 1);
  }
}
