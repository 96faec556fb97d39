package io.cassandraio.internal.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * The README's type table is the one {@link TypeTable} prints from the mapping: they cannot drift.
 * When this fails, paste the table from the failure message between the README's markers.
 */
public class TypeTableTest {
  static final String START = "<!-- type-table: generated from TypeTable.markdown(); TypeTableTest checks it -->";
  static final String END = "<!-- type-table: end -->";

  @Test
  public void theReadmeHasTheTableTheCodePrints() throws IOException {
    List<String> readme = Files.readAllLines(readme());
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    String expected = String.join("\n", TypeTable.markdown());
    assertTrue("README.md needs the lines\n" + START + "\n" + expected + "\n" + END, start >= 0 && end > start);
    assertEquals("README.md's type table (between its type-table markers) differs from TypeTable.markdown(); the "
        + "table is:\n" + expected + "\n", expected, String.join("\n", readme.subList(start + 1, end)));
  }

  @Test
  public void everyScalarTypeHasARow() {
    for (ScalarTypes.Scalar s : ScalarTypes.all()) {
      assertTrue(s.names().toString(), TypeTable.markdown().stream().anyMatch(l -> l.startsWith("| `" + s.names().get(0) + "`")));
    }
  }

  private static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("io-cassandra"))) {
        return dir.resolve("README.md");
      }
    }
    throw new IllegalStateException("no README.md next to io-cassandra in or above " + Path.of("").toAbsolutePath());
  }
}
