package io.cassandraio.localflink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;

public class FlinkClusterSpecTest {

  @Test
  public void defaultsAreOneJobManagerAndTwoTaskManagersWithTwoSlotsOnLocalhost() {
    FlinkClusterSpec spec = FlinkClusterSpec.defaults();
    assertEquals(2, spec.taskManagers());
    assertEquals(2, spec.slotsPerTaskManager());
    assertEquals("127.0.0.1", spec.host());
    assertEquals(0, spec.restPort());
    assertFalse(spec.workDir().isPresent());
    assertTrue(spec.stopWithLauncher());
  }

  @Test
  public void withersCopyAndLeaveTheOriginalAlone() {
    FlinkClusterSpec base = FlinkClusterSpec.defaults();
    FlinkClusterSpec spec = base.withTaskManagers(3).withSlotsPerTaskManager(4).withHost("127.0.40.1")
        .withRestPort(18081).withWorkDir(Path.of("x")).withConfig("a.b", "1").withConfig("a.b", "2")
        .withStartTimeout(Duration.ofSeconds(5));
    assertEquals(3, spec.taskManagers());
    assertEquals(4, spec.slotsPerTaskManager());
    assertEquals("127.0.40.1", spec.host());
    assertEquals(18081, spec.restPort());
    assertEquals(Path.of("x").toAbsolutePath(), spec.workDir().orElseThrow());
    assertEquals(Map.of("a.b", "2"), spec.extraConfig());
    assertEquals(Duration.ofSeconds(5), spec.startTimeout());
    assertEquals(2, base.taskManagers());
    assertTrue(base.extraConfig().isEmpty());
  }

  @Test
  public void refusesValuesOutsideTheirRangeNamingThem() {
    FlinkClusterSpec spec = FlinkClusterSpec.defaults();
    assertThat(assertThrows(IllegalArgumentException.class, () -> spec.withTaskManagers(0)).getMessage(),
        containsString("taskManagers must be 1..8, got 0"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> spec.withSlotsPerTaskManager(0)).getMessage(),
        containsString("slotsPerTaskManager"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> spec.withRestPort(70000)).getMessage(),
        containsString("restPort must be 0..65535"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> spec.withStartTimeout(Duration.ZERO)).getMessage(),
        containsString("startTimeout"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> spec.withConfig("a: b", "1")).getMessage(),
        containsString("flat Flink key"));
  }

  @Test
  public void hostMustBeALoopbackAddress() {
    FlinkClusterSpec spec = FlinkClusterSpec.defaults();
    for (String bad : new String[] {"localhost", "10.0.0.1", "127.0.0.256", "127.0.0"}) {
      assertThat(bad, assertThrows(IllegalArgumentException.class, () -> spec.withHost(bad)).getMessage(),
          containsString("loopback address"));
    }
    assertEquals("127.255.0.1", spec.withHost("127.255.0.1").host());
  }
}
