package io.cassandraio.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.Test;

/**
 * The benchmark harness end to end with a few hundred rows: every in-process contender writes
 * and is verified, and the JSON, the page and the chart are written. Not a timed test: the
 * rows/s are not checked. (Beam's own CassandraIO runs in its own JVM and is left to scripts/bench.)
 *
 * <p>It starts its own one-node cluster on {@value #DEFAULT_ADDRESS}; {@code -Dshared.cassandra.address=...},
 * the property that moves the integration tests' shared node for parallel runs, moves this one too.
 */
public class BenchSmokeIT {
  private static final String DEFAULT_ADDRESS = "127.0.18.1";
  private static final String ADDRESS = System.getProperty("shared.cassandra.address", DEFAULT_ADDRESS);

  @Test
  public void everyContenderWritesEveryRowAndTheReportIsWritten() throws Exception {
    Path out = Path.of("target", "bench-smoke");
    List<Contender> contenders = BenchMain.contenders(null);
    BenchResults results = BenchMain.run(BenchPlan.smoke(), out.resolve("cluster"), contenders, ADDRESS);
    Files.writeString(out.resolve("results.json"), results.toJson());
    BenchReport.write(BenchPlan.smoke(), results, out);

    BenchResults.Run run = results.runs.get(0);
    Set<String> names = contenders.stream().map(Contender::name).collect(Collectors.toSet());
    assertEquals(names, run.results().stream().map(BenchResults.Result::contender).collect(Collectors.toSet()));
    for (BenchResults.Result r : run.results()) {
      assertEquals(r.contender() + " at L=" + r.locality(), 500, r.rowsVerified());
      assertTrue(r.contender() + " rows/s", r.rowsPerS() > 0);
    }
    JsonNode json = BenchResults.JSON.readTree(out.resolve("results.json").toFile());
    JsonNode runJson = json.get("runs").get(0);
    assertEquals("A", runJson.get("run").asText());
    assertEquals(run.results().size(), runJson.get("results").size());
    for (JsonNode r : runJson.get("results")) {
      assertEquals(r.toString(), 500, r.get("rows_verified").asLong());
      assertTrue(r.toString(), r.get("rows_per_s").asDouble() > 0);
      if (r.get("contender").asText().equals(DriverAsyncContender.NAME)) {
        assertEquals(r.toString(), 1.0, r.get("ratio_vs_driver_async").asDouble(), 0);
      }
    }
    assertEquals(List.of("0.0", "0.8"), runJson.findValuesAsText("locality").stream().distinct().toList());
    assertEquals(3 * 2, json.get("scaling").size());
    assertEquals(2, json.get("census").size());
    assertTrue(Files.readString(out.resolve("benchmarks.md")).contains("![rows/s against locality, run A](bench-run-a.png)"));
    BufferedImage chart = ImageIO.read(out.resolve("bench-run-a.png").toFile());
    assertTrue("chart is a readable PNG", chart != null && chart.getWidth() > 0);

    // Run C: every pipeline at both sizes, and a census of each of the two largest sizes (a run
    // this short may end between two counts, so only the upper bound is certain).
    assertEquals(3 * 2, results.scaling.size());
    assertEquals(List.of(200L, 500L), results.census.stream().map(BenchResults.Census::rows).toList());
    for (BenchResults.Census c : results.census) {
      // Bound statements are counted JVM-wide (other tests' sessions hold some), pending writes
      // are the writer's own.
      assertTrue(c + ": more pending writes than rows", c.pendingWrites() <= c.rows());
    }
    String page = Files.readString(out.resolve("benchmarks.md"));
    assertTrue(page, page.contains("| ceiling of ours-auto/driver-async with a free client |"));
    assertTrue(page, page.contains("### Who holds the memory"));
  }

  /**
   * {@code scripts/bench --read} with 500 rows on one node: every in-process read contender reads
   * every row exactly once (ReadBench checks count and checksum and throws otherwise), and the
   * JSON has their rates and ratios. (Beam's CassandraIO read runs in its own JVM: scripts/bench.)
   */
  @Test
  public void everyReadContenderReadsEveryRowOnce() throws Exception {
    List<ReadContender> contenders = BenchMain.readContenders(null);
    BenchResults results = new BenchResults();
    results.reads.addAll(ReadBench.run(ReadPlan.smoke(), Path.of("target", "bench-smoke", "cluster"), contenders,
        ADDRESS));
    BenchResults.ReadRun run = results.reads.get(0);
    assertEquals(contenders.stream().map(ReadContender::name).toList(),
        run.results().stream().map(BenchResults.ReadResult::contender).toList());
    JsonNode json = BenchResults.JSON.readTree(results.toJson()).get("reads").get(0);
    assertEquals(500, json.get("rows").asLong());
    for (JsonNode r : json.get("results")) {
      assertTrue(r.toString(), r.get("rows_per_s").asDouble() > 0);
      if (r.get("contender").asText().equals(PlainScanContender.NAME)) {
        assertEquals(r.toString(), 1.0, r.get("ratio_vs_plain_scan").asDouble(), 0);
      }
    }
  }
}
