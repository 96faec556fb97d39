package io.cassandraio.localflink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FlinkConfigWriterTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FlinkClusterSpec spec = FlinkClusterSpec.defaults().withHost("127.0.40.1").withSlotsPerTaskManager(3);
  private final ClusterLayout layout = new ClusterLayout(Path.of("/w"));

  @Test
  public void everyProcessBindsToTheSpecHostAndFindsTheJobManagerThere() {
    Map<String, String> jm = FlinkConfigWriter.jobManagerConfig(spec, layout, 18081, 16123);
    Map<String, String> tm = FlinkConfigWriter.taskManagerConfig(spec, layout, 18081, 16123, 2);
    for (Map<String, String> c : java.util.List.of(jm, tm)) {
      assertEquals("127.0.40.1", c.get("jobmanager.rpc.address"));
      assertEquals("16123", c.get("jobmanager.rpc.port"));
      assertEquals("18081", c.get("rest.port"));
      assertEquals("127.0.40.1", c.get("rest.bind-address"));
    }
    assertEquals("127.0.40.1", tm.get("taskmanager.host"));
    assertEquals("127.0.40.1", tm.get("taskmanager.bind-host"));
    assertEquals("0", tm.get("taskmanager.rpc.port"));
    assertEquals("0", tm.get("taskmanager.data.port"));
    assertEquals("taskmanager-2", tm.get("taskmanager.resource-id"));
    assertEquals("3", tm.get("taskmanager.numberOfTaskSlots"));
    assertFalse(jm.containsKey("taskmanager.resource-id"));
    // jars run over REST upload their files to localhost:<blob port> from inside the JobManager
    assertFalse(jm.containsKey("jobmanager.bind-host"));
  }

  @Test
  public void stateAndRestartStrategyLiveInTheClusterConfigWithFileUris() {
    Map<String, String> jm = FlinkConfigWriter.jobManagerConfig(spec, layout, 1, 2);
    assertEquals("hashmap", jm.get("state.backend.type"));
    assertEquals("file:///w/checkpoints", jm.get("state.checkpoints.dir"));
    assertEquals("file:///w/savepoints", jm.get("state.savepoints.dir"));
    assertEquals("fixed-delay", jm.get("restart-strategy.type"));
    assertEquals("10", jm.get("restart-strategy.fixed-delay.attempts"));
    assertEquals("/w/jobmanager/tmp", jm.get("io.tmp.dirs"));
    assertEquals("/w/taskmanager-1/tmp", FlinkConfigWriter.taskManagerConfig(spec, layout, 1, 2, 1).get("io.tmp.dirs"));
  }

  @Test
  public void taskManagerMemoryPoolsAreAllSetAndTheJvmMatchesThem() {
    Map<String, String> tm = FlinkConfigWriter.taskManagerConfig(spec, layout, 1, 2, 1);
    for (String pool : new String[] {"framework.heap.size", "task.heap.size", "framework.off-heap.size",
        "task.off-heap.size", "network.min", "network.max", "managed.size", "jvm-metaspace.size",
        "jvm-overhead.min", "jvm-overhead.max"}) {
      assertThat(tm.keySet(), hasItem("taskmanager.memory." + pool));
    }
    assertThat(TaskManagerMemory.jvmFlags(), hasItem("-Xmx512m"));          // framework 128 + task 384
    assertThat(TaskManagerMemory.jvmFlags(), hasItem("-XX:MaxDirectMemorySize=192m")); // 128 + 0 + 64
  }

  @Test
  public void extraConfigWinsOverTheLaunchersOwn() {
    FlinkClusterSpec custom = spec.withConfig("restart-strategy.type", "none").withConfig("execution.checkpointing.interval", "5 s");
    assertEquals("none", FlinkConfigWriter.jobManagerConfig(custom, layout, 1, 2).get("restart-strategy.type"));
    assertEquals("5 s", FlinkConfigWriter.taskManagerConfig(custom, layout, 1, 2, 1).get("execution.checkpointing.interval"));
  }

  @Test
  public void writesOneSingleQuotedFlatKeyPerLine() throws Exception {
    Path file = FlinkConfigWriter.write(tmp.getRoot().toPath().resolve("conf"),
        new java.util.LinkedHashMap<>(Map.of("a.b", "it's 2 s")));
    String yaml = Files.readString(file);
    assertEquals("config.yaml", file.getFileName().toString());
    assertThat(yaml, containsString("\na.b: 'it''s 2 s'\n"));
  }
}
