package io.cassandraio.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What local cluster to start: how many nodes, on which loopback addresses and ports, where its
 * files live and how long to wait for it. Immutable; every {@code withX} returns a new spec.
 *
 * <p>Node {@code i} (1-based) listens on the base address plus {@code i - 1} in the last octet,
 * so the default 3-node cluster is 127.0.0.1, 127.0.0.2 and 127.0.0.3, all on the same ports.
 */
public final class ClusterSpec {
  /** The most nodes a local cluster may have: each node needs up to 1.3 GiB and a share of 2 cores. */
  public static final int MAX_NODES = 5;

  /** The most tokens a node may have: Cassandra's own default before 4.0 (256) is the largest in use. */
  public static final int MAX_VNODES = 256;

  public static final String DEFAULT_BASE_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_NATIVE_PORT = 9042;
  public static final int DEFAULT_STORAGE_PORT = 7000;
  public static final String DEFAULT_HEAP = "1G";
  public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(120);
  public static final String LOCAL_DATACENTER = "datacenter1";

  private final int nodes;
  private final String baseAddress;
  private final int nativePort;
  private final int storagePort;
  private final Path workDir;
  private final Duration readinessTimeout;
  private final Path javaHome;
  private final String heap;
  private final boolean stopWithLauncher;
  private final Map<String, String> yamlOverrides;
  private final ClientEncryption clientEncryption;
  private final boolean keepData;
  private final int tokensPerNode;

  private ClusterSpec(int nodes, String baseAddress, int nativePort, int storagePort, Path workDir,
      Duration readinessTimeout, Path javaHome, String heap, boolean stopWithLauncher,
      Map<String, String> yamlOverrides, ClientEncryption clientEncryption, boolean keepData, int tokensPerNode) {
    if (nodes < 1 || nodes > MAX_NODES) {
      throw new IllegalArgumentException("nodes must be between 1 and " + MAX_NODES + ", was " + nodes);
    }
    if (tokensPerNode < 1 || tokensPerNode > MAX_VNODES) {
      throw new IllegalArgumentException(
          "vnodes (tokens per node) must be between 1 and " + MAX_VNODES + ", was " + tokensPerNode);
    }
    checkPort("nativePort", nativePort);
    checkPort("storagePort", storagePort);
    if (readinessTimeout.isNegative() || readinessTimeout.isZero()) {
      throw new IllegalArgumentException("readinessTimeout must be positive, was " + readinessTimeout);
    }
    this.nodes = nodes;
    this.baseAddress = Objects.requireNonNull(baseAddress, "baseAddress");
    this.nativePort = nativePort;
    this.storagePort = storagePort;
    this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
    this.readinessTimeout = readinessTimeout;
    this.javaHome = javaHome;
    this.heap = Objects.requireNonNull(heap, "heap");
    this.stopWithLauncher = stopWithLauncher;
    this.yamlOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(yamlOverrides));
    this.clientEncryption = clientEncryption;
    this.keepData = keepData;
    this.tokensPerNode = tokensPerNode;
    nodeAddress(nodes); // validates the base address and that the last node fits in the octet
  }

  /** {@code nodes} nodes from 127.0.0.1 on ports 9042/7000, files under {@code target/local-cassandra}. */
  public static ClusterSpec nodes(int nodes) {
    return new ClusterSpec(nodes, DEFAULT_BASE_ADDRESS, DEFAULT_NATIVE_PORT, DEFAULT_STORAGE_PORT,
        Path.of("target", "local-cassandra"), DEFAULT_READINESS_TIMEOUT, null, DEFAULT_HEAP, true, Map.of(), null, false, 1);
  }

  /** First node's address; node {@code i} gets this address plus {@code i - 1}. */
  public ClusterSpec withBaseAddress(String address) {
    return new ClusterSpec(nodes, address, nativePort, storagePort, workDir, readinessTimeout, javaHome,
        heap, stopWithLauncher, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  public ClusterSpec withNativePort(int port) {
    return new ClusterSpec(nodes, baseAddress, port, storagePort, workDir, readinessTimeout, javaHome,
        heap, stopWithLauncher, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  public ClusterSpec withStoragePort(int port) {
    return new ClusterSpec(nodes, baseAddress, nativePort, port, workDir, readinessTimeout, javaHome,
        heap, stopWithLauncher, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  /** Directory holding one sub-directory per node (config, data, log). */
  public ClusterSpec withWorkDir(Path dir) {
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, dir, readinessTimeout, javaHome,
        heap, stopWithLauncher, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  public ClusterSpec withReadinessTimeout(Duration timeout) {
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, workDir, timeout, javaHome,
        heap, stopWithLauncher, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  /** JDK 11 or 17 home that runs the nodes; defaults to {@link JdkCheck#defaultJavaHome()}. */
  public ClusterSpec withJavaHome(Path home) {
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, workDir, readinessTimeout, home,
        heap, stopWithLauncher, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  /** Maximum heap of each node, as for {@code -Xmx}. */
  public ClusterSpec withHeap(String maxHeap) {
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, workDir, readinessTimeout, javaHome,
        maxHeap, stopWithLauncher, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  /**
   * Whether the nodes halt when the launching JVM exits, even by SIGKILL (default true). The
   * command line turns this off so that {@code start} can return while the nodes keep running.
   */
  public ClusterSpec withStopWithLauncher(boolean stop) {
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, workDir, readinessTimeout, javaHome,
        heap, stop, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  /**
   * Sets one top-level cassandra.yaml key to a raw YAML value, replacing the launcher's default:
   * {@code "8"}, {@code "0ms"}, {@code "PasswordAuthenticator"}, {@code "[a, b]"} or a block
   * starting with a line break. The value is parsed here, so text that is not YAML fails at once.
   */
  public ClusterSpec withYaml(String key, String rawValue) {
    NodeConfigWriter.parseValue(key, rawValue);
    Map<String, String> overrides = new LinkedHashMap<>(yamlOverrides);
    overrides.put(key, rawValue);
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, workDir, readinessTimeout, javaHome,
        heap, stopWithLauncher, overrides, clientEncryption, keepData, tokensPerNode);
  }

  /**
   * TLS on the CQL port of every node, and only TLS (see {@link ClientEncryption}); the readiness
   * probe speaks it too. A {@code withYaml("client_encryption_options", ...)} override replaces it
   * in cassandra.yaml, but not in the probe: use this.
   */
  public ClusterSpec withClientEncryption(ClientEncryption encryption) {
    Objects.requireNonNull(encryption, "withClientEncryption");
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, workDir, readinessTimeout, javaHome,
        heap, stopWithLauncher, yamlOverrides, encryption, keepData, tokensPerNode);
  }

  /**
   * Whether {@link LocalCluster#start} keeps what the node directories hold from an earlier run
   * of the same spec (default false: they are wiped, so every start is a fresh cluster). Kept
   * data needs the same number of nodes and addresses as the run that wrote it: each node's
   * token and identity live in its directory.
   */
  public ClusterSpec withKeepData(boolean keep) {
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, workDir, readinessTimeout, javaHome,
        heap, stopWithLauncher, yamlOverrides, clientEncryption, keep, tokensPerNode);
  }

  /**
   * Vnodes: each node owns {@code tokensPerNode} tokens of the ring instead of one (default 1, evenly
   * spaced, every node the same share). With more than one, the tokens are random but the same for
   * every start of the same spec (seeded; see {@link #tokens()}), so that ranges have unequal sizes
   * as on a real vnode ring, and any node may own the range that wraps around the ring. Each node
   * still starts with its {@code initial_token} list, without bootstrap token allocation. Like the
   * number of nodes, it must not change between runs that keep their data.
   */
  public ClusterSpec withVnodes(int tokensPerNode) {
    return new ClusterSpec(nodes, baseAddress, nativePort, storagePort, workDir, readinessTimeout, javaHome,
        heap, stopWithLauncher, yamlOverrides, clientEncryption, keepData, tokensPerNode);
  }

  /** Tokens per node ({@code num_tokens}); 1 unless {@link #withVnodes}. */
  public int tokensPerNode() {
    return tokensPerNode;
  }

  /** The {@code initial_token}s of every node, node 1 first, each node's in ring order. */
  public List<List<Long>> tokens() {
    return TokenLayout.of(nodes, tokensPerNode);
  }

  public boolean keepData() {
    return keepData;
  }

  public int nodes() {
    return nodes;
  }

  public int nativePort() {
    return nativePort;
  }

  public int storagePort() {
    return storagePort;
  }

  public Path workDir() {
    return workDir;
  }

  public Duration readinessTimeout() {
    return readinessTimeout;
  }

  public Optional<Path> javaHome() {
    return Optional.ofNullable(javaHome);
  }

  public String heap() {
    return heap;
  }

  public boolean stopWithLauncher() {
    return stopWithLauncher;
  }

  public Map<String, String> yamlOverrides() {
    return yamlOverrides;
  }

  public Optional<ClientEncryption> clientEncryption() {
    return Optional.ofNullable(clientEncryption);
  }

  /** Loopback address of node {@code index} (1-based). */
  public String nodeAddress(int index) {
    if (index < 1 || index > nodes) {
      throw new IllegalArgumentException("node index must be 1.." + nodes + ", was " + index);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(baseAddress).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("baseAddress is not an IP address: " + baseAddress, e);
    }
    if (bytes.length != 4 || bytes[0] != 127) {
      throw new IllegalArgumentException(
          "baseAddress must be an IPv4 loopback address (127.x.y.z), was " + baseAddress);
    }
    int last = (bytes[3] & 0xff) + index - 1;
    if ((bytes[3] & 0xff) == 0 || last > 254) {
      throw new IllegalArgumentException(
          "baseAddress " + baseAddress + " leaves no room for " + nodes + " nodes in its last octet");
    }
    return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + last;
  }

  /** Addresses of all nodes, first node first. */
  public List<String> nodeAddresses() {
    List<String> addresses = new ArrayList<>(nodes);
    for (int i = 1; i <= nodes; i++) {
      addresses.add(nodeAddress(i));
    }
    return addresses;
  }

  private static void checkPort(String name, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 1..65535, was " + port);
    }
  }
}
