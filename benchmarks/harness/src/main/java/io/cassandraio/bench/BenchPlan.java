package io.cassandraio.bench;

import java.util.List;

/** What one invocation measures: {@code --quick} for a check in minutes, {@code --full} for the page. */
record BenchPlan(String name, List<RunPlan> runs, List<Long> scalingRows, int repetitions) {
  static final double SCALING_LOCALITY = 0.5;
  static final long SEED = 42;

  /** A cluster shape, a consistency, a row count and the localities to sweep. */
  record RunPlan(String name, int nodes, String consistency, long rows, List<Double> localities) {}

  static BenchPlan quick() {
    return new BenchPlan("quick", List.of(new RunPlan("A", 1, "ONE", 50_000, List.of(0.0, 0.8))), List.of(), 2);
  }

  static BenchPlan full() {
    List<Double> sweep = List.of(0.0, 0.2, 0.4, 0.6, 0.8);
    return new BenchPlan("full",
        List.of(new RunPlan("A", 1, "ONE", 200_000, sweep), new RunPlan("B", 3, "QUORUM", 30_000, sweep)),
        List.of(10_000L, 100_000L, 1_000_000L), 2);
  }

  /** Run C only. */
  static BenchPlan scalingOnly() {
    return new BenchPlan("scaling", List.of(), full().scalingRows(), 1);
  }

  /** A few hundred rows through every contender and through run C: the harness smoke test. */
  static BenchPlan smoke() {
    return new BenchPlan("smoke", List.of(new RunPlan("A", 1, "ONE", 500, List.of(0.0, 0.8))), List.of(200L, 500L), 1);
  }
}
