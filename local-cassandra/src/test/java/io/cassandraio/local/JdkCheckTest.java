package io.cassandraio.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JdkCheckTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void readsTheFeatureReleaseOfModernAndOldJdks() {
    assertEquals(Optional.of(17), JdkCheck.parseReleaseFile("IMPLEMENTOR=\"X\"\nJAVA_VERSION=\"17.0.15\"\n"));
    assertEquals(Optional.of(25), JdkCheck.parseReleaseFile("JAVA_VERSION=\"25\"\n"));
    assertEquals(Optional.of(8), JdkCheck.parseReleaseFile("JAVA_VERSION=\"1.8.0_392\"\n"));
    assertEquals(Optional.empty(), JdkCheck.parseReleaseFile("IMPLEMENTOR=\"X\"\n"));
  }

  @Test
  public void unsupportedJdkNamesItsVersionAndHowToFixIt() throws Exception {
    Path home = fakeJdk("25.0.1");
    LauncherException e = assertThrows(LauncherException.class, () -> JdkCheck.requireSupported(home));
    assertTrue(e.getMessage(), e.getMessage().contains("is JDK 25"));
    assertTrue(e.getMessage(), e.getMessage().contains(home.toString()));
    assertTrue(e.getMessage(), e.getMessage().contains(JdkCheck.JAVA_HOME_ENV));
  }

  @Test
  public void supportedJdkYieldsItsJavaExecutable() throws Exception {
    Path home = fakeJdk("17.0.9");
    assertEquals(home.resolve("bin/java"), JdkCheck.requireSupported(home));
  }

  @Test
  public void missingJavaExecutableIsNamed() {
    Path home = tmp.getRoot().toPath();
    LauncherException e = assertThrows(LauncherException.class, () -> JdkCheck.requireSupported(home));
    assertTrue(e.getMessage(), e.getMessage().contains("No java executable at " + home.resolve("bin/java")));
  }

  private Path fakeJdk(String version) throws Exception {
    Path home = tmp.newFolder("jdk-" + version).toPath();
    Files.createDirectories(home.resolve("bin"));
    Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    return home;
  }
}
