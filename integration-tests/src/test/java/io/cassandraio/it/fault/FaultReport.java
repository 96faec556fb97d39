package io.cassandraio.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code target/fault-suite/report.json}: what each fault scenario measured (time to fail, rows
 * present, retries, reported elements ...), one entry per scenario and runner, merged across the
 * fault classes: an entry replaces the one of the same scenario and runner, every other is kept.
 */
final class FaultReport {
  static final Path FILE = Path.of("target", "fault-suite", "report.json");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FaultReport() {}

  /** A scenario's figures, in the order they are put. */
  static final class Entry {
    private final String scenario;
    private final String runner;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Entry(String scenario, String runner) {
      this.scenario = scenario;
      this.runner = runner;
    }

    Entry put(String name, Object value) {
      figures.put(name, value);
      return this;
    }

    /** Adds or replaces this entry in {@link #FILE} and prints it. */
    void record() {
      merge(this);
      System.out.printf("FaultReport %s on %s: %s%n", scenario, runner, figures);
    }

    String key() {
      return scenario + "/" + runner;
    }

    ObjectNode toJson() {
      ObjectNode o = JSON.createObjectNode();
      o.put("scenario", scenario);
      o.put("runner", runner);
      figures.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
      return o;
    }
  }

  private static synchronized void merge(Entry entry) {
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    try {
      if (Files.exists(FILE)) {
        for (JsonNode old : JSON.readTree(FILE.toFile())) {
          byKey.put(old.path("scenario").asText() + "/" + old.path("runner").asText(), old);
        }
      }
      byKey.put(entry.key(), entry.toJson());
      ArrayNode all = JSON.createArrayNode();
      byKey.values().forEach(all::add);
      Files.createDirectories(FILE.getParent());
      Path tmp = FILE.resolveSibling("report.json.tmp");
      JSON.writeValue(tmp.toFile(), all);
      Files.move(tmp, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + FILE.toAbsolutePath(), e);
    }
  }
}
