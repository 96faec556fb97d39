package io.cassandraio.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes a node's cassandra.yaml and logback.xml.
 *
 * <p>Small memtables, one compactor and a 1 s hints flush keep a node light and let a restarted
 * node receive its hints within seconds. The batch thresholds are Cassandra's defaults, written
 * out because CassandraIO's batch sizing is tested against them.
 */
final class NodeConfigWriter {
  private NodeConfigWriter() {}

  static void write(ClusterSpec spec, NodeLayout node, List<Long> tokens) {
    try {
      Files.createDirectories(node.confDir());
      Files.writeString(node.yamlFile(), HEADER + yaml().dump(settings(spec, node, tokens)));
      Files.writeString(node.logbackFile(), LOGBACK);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the configuration of " + node, e);
    }
  }

  /** The top-level cassandra.yaml keys of one node, in file order, overrides applied last. */
  private static Map<String, Object> settings(ClusterSpec spec, NodeLayout node, List<Long> tokens) {
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("cluster_name", "local-cassandra");
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException(node + " has no token");
    }
    // num_tokens must equal the number of initial tokens, else Cassandra refuses to start.
    yaml.put("num_tokens", tokens.size());
    // One token as a bare number, several comma separated; Cassandra reads either as text.
    yaml.put("initial_token", tokens.size() == 1 ? (Object) tokens.get(0)
        : String.join(",", tokens.stream().map(String::valueOf).toList()));
    yaml.put("auto_bootstrap", false);
    yaml.put("partitioner", "org.apache.cassandra.dht.Murmur3Partitioner");
    yaml.put("endpoint_snitch", "SimpleSnitch");
    Map<String, Object> seedProvider = new LinkedHashMap<>();
    seedProvider.put("class_name", "org.apache.cassandra.locator.SimpleSeedProvider");
    seedProvider.put("parameters", List.of(Map.of("seeds", spec.nodeAddress(1) + ":" + spec.storagePort())));
    yaml.put("seed_provider", List.of(seedProvider));
    yaml.put("listen_address", node.address());
    yaml.put("rpc_address", node.address());
    yaml.put("storage_port", spec.storagePort());
    yaml.put("native_transport_port", spec.nativePort());
    yaml.put("start_native_transport", true);
    yaml.put("data_file_directories", List.of(node.dir().resolve("data").toString()));
    yaml.put("commitlog_directory", node.dir().resolve("commitlog").toString());
    yaml.put("saved_caches_directory", node.dir().resolve("saved_caches").toString());
    yaml.put("hints_directory", node.dir().resolve("hints").toString());
    yaml.put("cdc_raw_directory", node.dir().resolve("cdc_raw").toString());
    yaml.put("commitlog_sync", "periodic");
    yaml.put("commitlog_sync_period", "10000ms");
    yaml.put("hinted_handoff_enabled", true);
    yaml.put("max_hint_window", "3h");
    yaml.put("hints_flush_period", "1000ms");
    yaml.put("memtable_heap_space", "64MiB");
    yaml.put("memtable_offheap_space", "64MiB");
    yaml.put("concurrent_compactors", 1);
    yaml.put("authenticator", "AllowAllAuthenticator");
    yaml.put("authorizer", "AllowAllAuthorizer");
    yaml.put("batch_size_warn_threshold", "5KiB");
    yaml.put("batch_size_fail_threshold", "50KiB");
    yaml.put("unlogged_batch_across_partitions_warn_threshold", 10);
    spec.clientEncryption().ifPresent(tls -> yaml.put("client_encryption_options", tls.yaml()));
    spec.yamlOverrides().forEach((key, raw) -> yaml.put(key, parseValue(key, raw)));
    return yaml;
  }

  /** A {@link ClusterSpec#withYaml} raw value as the object SnakeYAML reads from it. */
  static Object parseValue(String key, String rawValue) {
    try {
      return yaml().load(rawValue);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(
          "cassandra.yaml override of " + key + " is not a YAML value: " + rawValue + " (" + e.getMessage() + ")", e);
    }
  }

  private static final String HEADER = "# Written by local-cassandra; edits are overwritten.\n";

  /**
   * Plain YAML types only (no tags that create Java objects). Block style with sequences indented
   * under their key, as in Cassandra's own cassandra.yaml. A new instance per use: Yaml is not
   * thread-safe, and clusters may start on several threads.
   */
  private static Yaml yaml() {
    DumperOptions dump = new DumperOptions();
    dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    dump.setIndent(2);
    dump.setIndicatorIndent(2);
    dump.setIndentWithIndicator(true);
    dump.setWidth(Integer.MAX_VALUE);
    return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(dump), dump);
  }

  // INFO to the console, which the launcher redirects into the node's log file together with
  // anything the JVM itself prints; without a config Cassandra logs DEBUG.
  private static final String LOGBACK =
      "<configuration>\n"
          + "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
          + "    <encoder><pattern>%-5level [%thread] %date{ISO8601} %logger{20}:%line - %msg%n</pattern></encoder>\n"
          + "  </appender>\n"
          + "  <root level=\"INFO\"><appender-ref ref=\"CONSOLE\"/></root>\n"
          + "</configuration>\n";
}
