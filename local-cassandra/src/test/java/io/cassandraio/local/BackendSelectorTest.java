package io.cassandraio.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.Test;

public class BackendSelectorTest {
  private static final BooleanSupplier DOCKER = () -> true;
  private static final BooleanSupplier NO_DOCKER = () -> false;

  @Test
  public void contactPointsWinOverDockerAndDockerIsNotEvenAsked() {
    AtomicInteger asked = new AtomicInteger();
    BackendKind kind = BackendSelector.choose(
        Map.of(CassandraBackends.CONTACT_POINTS_ENV, "10.0.0.5:9042"),
        () -> asked.incrementAndGet() > 0);
    assertEquals(BackendKind.EXTERNAL, kind);
    assertEquals(0, asked.get());
  }

  @Test
  public void dockerIsUsedWhenItAnswersAndNoContactPointsAreSet() {
    assertEquals(BackendKind.TESTCONTAINERS, BackendSelector.choose(Map.of(), DOCKER));
  }

  @Test
  public void localLauncherIsTheFallback() {
    assertEquals(BackendKind.LOCAL, BackendSelector.choose(Map.of(), NO_DOCKER));
    assertEquals(BackendKind.LOCAL,
        BackendSelector.choose(Map.of(CassandraBackends.CONTACT_POINTS_ENV, "  "), NO_DOCKER));
  }

  @Test
  public void backendCanBeForced() {
    assertEquals(BackendKind.LOCAL,
        BackendSelector.choose(Map.of(CassandraBackends.BACKEND_ENV, "local"), DOCKER));
    assertEquals(BackendKind.TESTCONTAINERS,
        BackendSelector.choose(Map.of(CassandraBackends.BACKEND_ENV, "TestContainers"), NO_DOCKER));
  }

  @Test
  public void forcedExternalWithoutContactPointsNamesTheMissingVariable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BackendSelector.choose(Map.of(CassandraBackends.BACKEND_ENV, "external"), NO_DOCKER));
    assertTrue(e.getMessage(), e.getMessage().contains(CassandraBackends.CONTACT_POINTS_ENV));
  }

  @Test
  public void unknownForcedBackendListsTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BackendSelector.choose(Map.of(CassandraBackends.BACKEND_ENV, "docker"), NO_DOCKER));
    assertTrue(e.getMessage(), e.getMessage().contains("external, testcontainers, local"));
    assertTrue(e.getMessage(), e.getMessage().contains("'docker'"));
  }
}
