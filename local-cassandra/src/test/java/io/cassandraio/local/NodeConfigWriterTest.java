package io.cassandraio.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Writes a node's cassandra.yaml and reads it back as Cassandra's own YAML parser would. */
public class NodeConfigWriterTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyNodeGetsTheKeysCassandraRefusesToStartWithout() throws IOException {
    ClusterSpec spec = ClusterSpec.nodes(3).withBaseAddress("127.0.40.1").withWorkDir(tmp.getRoot().toPath());
    List<Long> tokens = TokenLayout.evenlySpaced(3);
    for (int i = 1; i <= 3; i++) {
      NodeLayout node = NodeLayout.of(spec, i);
      Map<String, Object> yaml = writeAndLoad(spec, node, List.of(tokens.get(i - 1)));

      assertEquals("periodic", yaml.get("commitlog_sync"));
      assertEquals("10000ms", yaml.get("commitlog_sync_period"));
      assertEquals("org.apache.cassandra.dht.Murmur3Partitioner", yaml.get("partitioner"));
      assertEquals("SimpleSnitch", yaml.get("endpoint_snitch"));
      assertEquals(
          List.of(Map.of(
              "class_name", "org.apache.cassandra.locator.SimpleSeedProvider",
              "parameters", List.of(Map.of("seeds", "127.0.40.1:7000")))),
          yaml.get("seed_provider"));
      String address = "127.0.40." + i;
      assertEquals(address, yaml.get("listen_address"));
      assertEquals(address, yaml.get("rpc_address"));

      assertEquals("local-cassandra", yaml.get("cluster_name"));
      assertEquals(1, yaml.get("num_tokens"));
      assertEquals((long) tokens.get(i - 1), ((Number) yaml.get("initial_token")).longValue());
      assertEquals(false, yaml.get("auto_bootstrap"));
      assertEquals(7000, yaml.get("storage_port"));
      assertEquals(9042, yaml.get("native_transport_port"));
      assertEquals(true, yaml.get("start_native_transport"));
      assertEquals(List.of(node.dir().resolve("data").toString()), yaml.get("data_file_directories"));
      assertEquals(node.dir().resolve("hints").toString(), yaml.get("hints_directory"));
      assertEquals(1, yaml.get("concurrent_compactors"));
      assertEquals("5KiB", yaml.get("batch_size_warn_threshold"));
      assertEquals("50KiB", yaml.get("batch_size_fail_threshold"));
      assertEquals(10, yaml.get("unlogged_batch_across_partitions_warn_threshold"));
      assertEquals(30, yaml.size());
    }
    assertTrue(Files.readString(NodeLayout.of(spec, 1).logbackFile()).contains("<root level=\"INFO\">"));
  }

  @Test
  public void vnodesAreACommaSeparatedInitialTokenListAndItsLengthAsNumTokens() throws IOException {
    ClusterSpec spec = ClusterSpec.nodes(3).withVnodes(16).withBaseAddress("127.0.40.1")
        .withWorkDir(tmp.getRoot().toPath());
    for (int i = 1; i <= 3; i++) {
      List<Long> tokens = spec.tokens().get(i - 1);
      Map<String, Object> yaml = writeAndLoad(spec, NodeLayout.of(spec, i), tokens);
      assertEquals(16, yaml.get("num_tokens"));
      List<Long> written = java.util.Arrays.stream(((String) yaml.get("initial_token")).split(","))
          .map(Long::parseLong).toList();
      assertEquals(tokens, written);
    }
  }

  @Test
  public void overridesReplaceDefaultsInPlaceAndNewKeysComeLast() throws IOException {
    ClusterSpec spec = ClusterSpec.nodes(1).withBaseAddress("127.0.40.1").withWorkDir(tmp.getRoot().toPath())
        .withNativePort(19042).withStoragePort(17000)
        .withYaml("authenticator", "PasswordAuthenticator")
        .withYaml("permissions_validity", "0ms")
        .withYaml("commitlog_sync", "nonsense")
        .withYaml("concurrent_writes", "8")
        .withYaml("cluster_name", "'quoted name'")
        .withYaml("data_file_directories", "\n  - /tmp/a\n  - /tmp/b")
        .withYaml("table_properties_warned", "[a, b]")
        .withYaml("authenticator", "AllowAllAuthenticator");
    Map<String, Object> yaml = writeAndLoad(spec, NodeLayout.of(spec, 1), List.of(Long.MIN_VALUE));

    assertEquals("AllowAllAuthenticator", yaml.get("authenticator")); // the last override wins
    assertEquals("0ms", yaml.get("permissions_validity"));
    assertEquals("nonsense", yaml.get("commitlog_sync"));
    assertEquals(8, yaml.get("concurrent_writes"));
    assertEquals("quoted name", yaml.get("cluster_name"));
    assertEquals(List.of("/tmp/a", "/tmp/b"), yaml.get("data_file_directories"));
    assertEquals(List.of("a", "b"), yaml.get("table_properties_warned"));
    assertEquals(Long.MIN_VALUE, ((Number) yaml.get("initial_token")).longValue());
    assertEquals(List.of(Map.of("seeds", "127.0.40.1:17000")),
        ((Map<?, ?>) ((List<?>) yaml.get("seed_provider")).get(0)).get("parameters"));
    assertEquals(19042, yaml.get("native_transport_port"));

    List<String> keys = List.copyOf(yaml.keySet());
    assertEquals("cluster_name", keys.get(0));
    assertEquals(keys.indexOf("cdc_raw_directory") + 1, keys.indexOf("commitlog_sync"));
    assertEquals(List.of("permissions_validity", "concurrent_writes", "table_properties_warned"),
        keys.subList(keys.size() - 3, keys.size()));
    // The line that Cassandra quotes when it rejects the value (LauncherErrorsIT relies on it).
    assertTrue(Files.readAllLines(NodeLayout.of(spec, 1).yamlFile()).contains("commitlog_sync: nonsense"));
  }

  @Test
  public void anEmptyOverrideIsANullValue() throws IOException {
    ClusterSpec spec = ClusterSpec.nodes(1).withWorkDir(tmp.getRoot().toPath()).withYaml("cdc_raw_directory", "");
    Map<String, Object> yaml = writeAndLoad(spec, NodeLayout.of(spec, 1), List.of(0L));
    assertTrue(yaml.containsKey("cdc_raw_directory"));
    assertNull(yaml.get("cdc_raw_directory"));
  }

  @Test
  public void anOverrideThatIsNotYamlIsRefusedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterSpec.nodes(1).withYaml("seed_provider", "[unclosed"));
    assertTrue(e.getMessage(), e.getMessage().contains("seed_provider"));
    assertTrue(e.getMessage(), e.getMessage().contains("[unclosed"));
  }

  @Test
  public void anOverrideCannotCreateJavaObjects() {
    assertThrows(IllegalArgumentException.class,
        () -> ClusterSpec.nodes(1).withYaml("x", "!!java.io.File [/tmp]"));
  }

  private static Map<String, Object> writeAndLoad(ClusterSpec spec, NodeLayout node, List<Long> tokens)
      throws IOException {
    NodeConfigWriter.write(spec, node, tokens);
    String text = Files.readString(node.yamlFile());
    assertTrue(text.startsWith("# Written by local-cassandra"));
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }
}
