package io.cassandraio.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a node's cassandra.yaml and logback.xml.
 *
 * <p>Small memtables, one compactor and a 1 s hints flush keep a node light and let a restarted
 * node receive its hints within seconds. The batch thresholds are Cassandra's defaults, written
 * out because CassandraIO's batch sizing is tested against them.
 */
final class NodeConfigWriter {
  private NodeConfigWriter() {}

  static void write(ClusterSpec spec, NodeLayout node, long token) {
    Map<String, String> yaml = new LinkedHashMap<>();
    yaml.put("cluster_name", "'local-cassandra'");
    yaml.put("num_tokens", "1");
    yaml.put("initial_token", Long.toString(token));
    yaml.put("auto_bootstrap", "false");
    yaml.put("partitioner", "org.apache.cassandra.dht.Murmur3Partitioner");
    yaml.put("endpoint_snitch", "SimpleSnitch");
    yaml.put("seed_provider",
        "\n  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n"
            + "    parameters:\n      - seeds: \"" + spec.nodeAddress(1) + ":" + spec.storagePort() + "\"");
    yaml.put("listen_address", node.address());
    yaml.put("rpc_address", node.address());
    yaml.put("storage_port", Integer.toString(spec.storagePort()));
    yaml.put("native_transport_port", Integer.toString(spec.nativePort()));
    yaml.put("start_native_transport", "true");
    yaml.put("data_file_directories", "\n  - " + node.dir().resolve("data"));
    yaml.put("commitlog_directory", node.dir().resolve("commitlog").toString());
    yaml.put("saved_caches_directory", node.dir().resolve("saved_caches").toString());
    yaml.put("hints_directory", node.dir().resolve("hints").toString());
    yaml.put("cdc_raw_directory", node.dir().resolve("cdc_raw").toString());
    yaml.put("commitlog_sync", "periodic");
    yaml.put("commitlog_sync_period", "10000ms");
    yaml.put("hinted_handoff_enabled", "true");
    yaml.put("max_hint_window", "3h");
    yaml.put("hints_flush_period", "1000ms");
    yaml.put("memtable_heap_space", "64MiB");
    yaml.put("memtable_offheap_space", "64MiB");
    yaml.put("concurrent_compactors", "1");
    yaml.put("authenticator", "AllowAllAuthenticator");
    yaml.put("authorizer", "AllowAllAuthorizer");
    yaml.put("batch_size_warn_threshold", "5KiB");
    yaml.put("batch_size_fail_threshold", "50KiB");
    yaml.put("unlogged_batch_across_partitions_warn_threshold", "10");
    yaml.putAll(spec.yamlOverrides());

    StringBuilder text = new StringBuilder("# Written by local-cassandra; edits are overwritten.\n");
    yaml.forEach((k, v) -> text.append(k).append(':').append(v.startsWith("\n") ? "" : " ").append(v).append('\n'));
    try {
      Files.createDirectories(node.confDir());
      Files.writeString(node.yamlFile(), text);
      Files.writeString(node.logbackFile(), LOGBACK);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the configuration of " + node, e);
    }
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
