package io.cassandraio.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class ClusterSpecTest {
  @Test
  public void nodesGetConsecutiveLoopbackAddresses() {
    assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), ClusterSpec.nodes(3).nodeAddresses());
    assertEquals(List.of("127.0.11.7", "127.0.11.8"),
        ClusterSpec.nodes(2).withBaseAddress("127.0.11.7").nodeAddresses());
  }

  @Test
  public void withReturnsANewSpecAndLeavesTheOldOneAlone() {
    ClusterSpec base = ClusterSpec.nodes(1);
    ClusterSpec changed = base.withNativePort(19042).withStopWithLauncher(false).withYaml("a", "b");
    assertEquals(ClusterSpec.DEFAULT_NATIVE_PORT, base.nativePort());
    assertTrue(base.stopWithLauncher());
    assertTrue(base.yamlOverrides().isEmpty());
    assertEquals(19042, changed.nativePort());
    assertFalse(changed.stopWithLauncher());
    assertEquals("b", changed.yamlOverrides().get("a"));
  }

  @Test
  public void eachWitherChangesOnlyItsOwnValue() {
    ClusterSpec spec = ClusterSpec.nodes(2)
        .withBaseAddress("127.0.40.1")
        .withNativePort(19042)
        .withStoragePort(17000)
        .withWorkDir(Path.of("/tmp/somewhere"))
        .withReadinessTimeout(Duration.ofSeconds(7))
        .withJavaHome(Path.of("/opt/jdk17"))
        .withHeap("768M")
        .withStopWithLauncher(false)
        .withYaml("concurrent_writes", "8")
        .withYaml("authenticator", "PasswordAuthenticator");
    assertEquals(2, spec.nodes());
    assertEquals(List.of("127.0.40.1", "127.0.40.2"), spec.nodeAddresses());
    assertEquals(19042, spec.nativePort());
    assertEquals(17000, spec.storagePort());
    assertEquals(Path.of("/tmp/somewhere"), spec.workDir());
    assertEquals(Duration.ofSeconds(7), spec.readinessTimeout());
    assertEquals(Optional.of(Path.of("/opt/jdk17")), spec.javaHome());
    assertEquals("768M", spec.heap());
    assertFalse(spec.stopWithLauncher());
    assertEquals(Map.of("concurrent_writes", "8", "authenticator", "PasswordAuthenticator"), spec.yamlOverrides());
    assertEquals(List.of("concurrent_writes", "authenticator"), List.copyOf(spec.yamlOverrides().keySet()));
  }

  @Test
  public void defaults() {
    ClusterSpec spec = ClusterSpec.nodes(1);
    assertEquals(List.of(ClusterSpec.DEFAULT_BASE_ADDRESS), spec.nodeAddresses());
    assertEquals(ClusterSpec.DEFAULT_NATIVE_PORT, spec.nativePort());
    assertEquals(ClusterSpec.DEFAULT_STORAGE_PORT, spec.storagePort());
    assertEquals(Path.of("target", "local-cassandra").toAbsolutePath(), spec.workDir());
    assertEquals(ClusterSpec.DEFAULT_READINESS_TIMEOUT, spec.readinessTimeout());
    assertEquals(Optional.empty(), spec.javaHome());
    assertEquals(ClusterSpec.DEFAULT_HEAP, spec.heap());
    assertTrue(spec.stopWithLauncher());
    assertTrue(spec.yamlOverrides().isEmpty());
    assertEquals(1, spec.tokensPerNode());
  }

  @Test
  public void vnodesAreKeptByOtherWithersAndGiveEveryNodeItsTokens() {
    ClusterSpec spec = ClusterSpec.nodes(3).withVnodes(16).withBaseAddress("127.0.40.1").withKeepData(true);
    assertEquals(16, spec.tokensPerNode());
    assertEquals(3, spec.tokens().size());
    spec.tokens().forEach(t -> assertEquals(16, t.size()));
    assertEquals(1, ClusterSpec.nodes(3).tokensPerNode());
  }

  @Test
  public void rejectsVnodesOutOfRangeNamingTheOption() {
    for (int bad : new int[] {0, -1, ClusterSpec.MAX_VNODES + 1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ClusterSpec.nodes(1).withVnodes(bad));
      assertTrue(e.getMessage(), e.getMessage().contains("vnodes"));
      assertTrue(e.getMessage(), e.getMessage().contains("between 1 and 256, was " + bad));
    }
  }

  @Test
  public void rejectsTooManyNodesNamingTheLimit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterSpec.nodes(6));
    assertTrue(e.getMessage(), e.getMessage().contains("between 1 and 5"));
  }

  @Test
  public void rejectsANonLoopbackBaseAddress() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterSpec.nodes(1).withBaseAddress("10.0.0.1"));
    assertTrue(e.getMessage(), e.getMessage().contains("loopback"));
  }

  @Test
  public void rejectsABaseAddressWithoutRoomForAllNodes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterSpec.nodes(3).withBaseAddress("127.0.0.253"));
    assertTrue(e.getMessage(), e.getMessage().contains("no room for 3 nodes"));
  }

  @Test
  public void rejectsBadPortsAndTimeouts() {
    assertThrows(IllegalArgumentException.class, () -> ClusterSpec.nodes(1).withNativePort(0));
    assertThrows(IllegalArgumentException.class, () -> ClusterSpec.nodes(1).withStoragePort(70000));
    assertThrows(IllegalArgumentException.class,
        () -> ClusterSpec.nodes(1).withReadinessTimeout(Duration.ZERO));
  }
}
