package io.cassandraio.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.Test;

public class BenchResultsTest {
  private static BenchResults results() {
    BenchResults results = new BenchResults();
    List<CpuTimes> cpu = List.of(new CpuTimes(1.0, 4.0), new CpuTimes(1.2, 4.4));
    results.runs.add(new BenchResults.Run("A", 1, 1, "ONE", 200_000, List.of(
        new BenchResults.Result(DriverAsyncContender.NAME, 0.8, List.of(20_000.4, 22_000.6), 200_000, cpu),
        new BenchResults.Result("ours-auto", 0.8, List.of(41_000.0, 43_002.0), 199_999, cpu),
        new BenchResults.Result("ours-auto", 0.2, List.of(30_000.0), 200_000, cpu))));
    results.scaling.add(new BenchResults.Scaling("ours-auto", 0.5, 10_000, 15_800.26, 52L << 20, 300L << 20));
    results.census.add(new BenchResults.Census("ours-auto", 1_000_000, 2_999, 3_000, 861_002));
    return results;
  }

  @Test
  public void theJsonHoldsEveryRunResultScalingAndCensusRoundedAsBefore() throws Exception {
    String text = results().toJson();
    JsonNode json = BenchResults.JSON.readTree(text);

    JsonNode run = json.get("runs").get(0);
    assertEquals("A", run.get("run").asText());
    assertEquals(1, run.get("nodes").asInt());
    assertEquals(1, run.get("replication_factor").asInt());
    assertEquals("ONE", run.get("consistency").asText());
    assertEquals(200_000, run.get("rows").asLong());
    assertEquals(3, run.get("results").size());

    JsonNode async = run.get("results").get(0);
    assertEquals(DriverAsyncContender.NAME, async.get("contender").asText());
    assertEquals(21_001, async.get("rows_per_s").asLong()); // median of 20000.4 and 22000.6 = 21000.5, half up
    assertTrue(text, text.contains("\"ratio_vs_driver_async\" : 1.000,"));
    assertTrue(text, text.contains("\"locality\" : 0.8,"));
    assertEquals(5.5, async.get("client_cpu_ms_per_1k_rows").asDouble(), 0); // (5.0 + 6.0) / 2
    assertEquals(21.0, async.get("server_cpu_ms_per_1k_rows").asDouble(), 0); // (20.0 + 22.0) / 2
    assertEquals(List.of(20_000L, 22_001L), longs(async.get("samples_rows_per_s")));

    JsonNode auto = run.get("results").get(1);
    assertEquals(42_001, auto.get("rows_per_s").asLong());
    assertTrue(text, text.contains("\"ratio_vs_driver_async\" : 2.000,")); // 42001 / 21000.5
    assertEquals(199_999, auto.get("rows_verified").asLong());
    assertTrue("no driver-async at L=0.2: the ratio is null, not NaN",
        run.get("results").get(2).get("ratio_vs_driver_async").isNull());

    JsonNode scaling = json.get("scaling").get(0);
    assertEquals(15_800, scaling.get("rows_per_s").asLong());
    assertEquals(0.5, scaling.get("locality").asDouble(), 0);
    assertEquals(52.0, scaling.get("peak_live_heap_mb").asDouble(), 0);
    assertEquals(300.0, scaling.get("peak_heap_incl_garbage_mb").asDouble(), 0);

    JsonNode census = json.get("census").get(0);
    assertEquals(1_000_000, census.get("rows").asLong());
    assertEquals(2_999, census.get("peak_pending_writes").asLong());
    assertEquals(3_000, census.get("peak_bound_statements").asLong());
    assertEquals(861_002, census.get("peak_runner_elements").asLong());
  }

  @Test
  public void emptyResultsAreThreeEmptyLists() throws Exception {
    JsonNode json = BenchResults.JSON.readTree(new BenchResults().toJson());
    assertEquals(3, json.size());
    for (String list : List.of("runs", "scaling", "census")) {
      assertTrue(list, json.get(list).isArray() && json.get(list).isEmpty());
    }
  }

  private static List<Long> longs(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asLong).toList();
  }
}
