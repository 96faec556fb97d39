package io.cassandraio.it.exactlyonce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code target/exactly-once/report.json}: one entry per scenario (table, injection point,
 * exactly-once or not), merged across test classes: an entry replaces the one of the same
 * scenario, every other entry is kept.
 */
public final class ExactlyOnceReport {
  public static final Path FILE = Path.of("target", "exactly-once", "report.json");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ExactlyOnceReport() {}

  /** One scenario's outcome. {@code extra} holds scenario-specific fields (may be empty). */
  public record Entry(String table, String injection, boolean exactlyOnce, int failuresInjected, long batchesSkipped,
      long expectedTotal, long actualTotal, Map<String, Object> extra) {
    public long difference() {
      return actualTotal - expectedTotal;
    }

    String scenario() {
      return table + "/" + injection + "/" + (exactlyOnce ? "exactly-once" : "plain");
    }

    ObjectNode toJson() {
      ObjectNode o = JSON.createObjectNode();
      o.put("table", table);
      o.put("injection", injection);
      o.put("exactly_once", exactlyOnce);
      o.put("failures_injected", failuresInjected);
      o.put("batches_skipped", batchesSkipped);
      o.put("expected_total", expectedTotal);
      o.put("actual_total", actualTotal);
      o.put("difference", difference());
      extra.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
      return o;
    }
  }

  /** Adds or replaces {@code entry} in {@link #FILE}; returns every entry now in the file. */
  public static synchronized List<JsonNode> merge(Entry entry) {
    Map<String, JsonNode> byScenario = new LinkedHashMap<>();
    try {
      if (Files.exists(FILE)) {
        for (JsonNode old : JSON.readTree(FILE.toFile())) {
          byScenario.put(key(old), old);
        }
      }
      byScenario.put(entry.scenario(), entry.toJson());
      ArrayNode all = JSON.createArrayNode();
      byScenario.values().forEach(all::add);
      Files.createDirectories(FILE.getParent());
      Path tmp = FILE.resolveSibling("report.json.tmp");
      JSON.writeValue(tmp.toFile(), all);
      Files.move(tmp, FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + FILE.toAbsolutePath(), e);
    }
    return new ArrayList<>(byScenario.values());
  }

  private static String key(JsonNode e) {
    return e.path("table").asText() + "/" + e.path("injection").asText() + "/"
        + (e.path("exactly_once").asBoolean() ? "exactly-once" : "plain");
  }

  /** The entries as a fixed-width table. */
  public static String table(List<JsonNode> entries) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-8s %-34s %-5s %8s %8s %10s %10s %10s%n";
    sb.append(String.format(fmt, "table", "injection", "EO", "failures", "skipped", "expected", "actual", "diff"));
    for (JsonNode e : entries) {
      sb.append(String.format(fmt, e.path("table").asText(), e.path("injection").asText(),
          e.path("exactly_once").asBoolean() ? "yes" : "no", e.path("failures_injected").asText(),
          e.path("batches_skipped").asText(), e.path("expected_total").asText(), e.path("actual_total").asText(),
          e.path("difference").asText()));
    }
    return sb.toString();
  }
}
