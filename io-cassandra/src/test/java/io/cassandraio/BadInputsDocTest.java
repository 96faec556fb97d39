package io.cassandraio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * {@code docs/bad-inputs.md} as the tests read it: it parses, every test class it names exists
 * and reads it (so that no entry goes unchecked), and messages match as the doc says they do.
 */
public class BadInputsDocTest {
  @Test
  public void theDocListsAtLeastTwentyFiveBadInputs() {
    assertTrue("entries: " + BadInputsDoc.entries().size(), BadInputsDoc.entries().size() >= 25);
  }

  @Test
  public void everyTestClassTheDocNamesExistsAndReadsTheDoc() throws IOException {
    for (Map.Entry<String, Path> c : BadInputsDoc.testClasses().entrySet()) {
      assertNotNull(BadInputsDoc.FILE + " names " + c.getKey() + " as the test of some entries, but no "
          + c.getKey() + ".java is in any src/test of this repository", c.getValue());
      assertTrue(c.getValue() + " checks entries of " + BadInputsDoc.FILE + " but does not call BadInputsDoc.ids(...)",
          Files.readString(c.getValue()).contains("BadInputsDoc.ids("));
    }
  }

  @Test
  public void placeholdersMatchAnyTextAndTheRestMustBeExact() {
    BadInputsDoc.Entry entry = entry("withMaxBatchRows must be between 1 and <max>, was 0");
    assertTrue(entry.pattern().matcher("withMaxBatchRows must be between 1 and 65535, was 0").matches());
    assertFalse(entry.pattern().matcher("withMaxBatchRows must be between 2 and 65535, was 0").matches());
    assertFalse("a message is matched whole",
        entry.pattern().matcher("withMaxBatchRows must be between 1 and 65535, was 0; and more").matches());
    assertFalse("a placeholder is not an ellipsis at the start either",
        entry.pattern().matcher("x withMaxBatchRows must be between 1 and 65535, was 0").matches());
  }

  @Test
  public void aFinalEllipsisAllowsMoreAndRegexCharactersAreLiteral() {
    BadInputsDoc.Entry entry = entry("Could not reach (any) contact point [x] ...");
    assertTrue(entry.pattern().matcher("Could not reach (any) contact point [x] Node(a): b\nNode(c): d").matches());
    assertFalse(entry.pattern().matcher("Could not reach any contact point x").matches());
  }

  @Test
  public void onlyLowerCaseAngleBracketsArePlaceholders() {
    BadInputsDoc.Entry entry = entry("withRows needs a PCollection<Row>, 0 <= initial <= max, [TEXT <-> <java type>]");
    assertTrue(entry.pattern().matcher("withRows needs a PCollection<Row>, 0 <= initial <= max, [TEXT <-> Integer]").matches());
    assertFalse(entry.pattern().matcher("withRows needs a PCollection<Foo>, 0 <= initial <= max, [TEXT <-> Integer]").matches());
  }

  @Test
  public void rowsAreParsedWithEscapedBarsAndATestClassInTheWhenCell() throws IOException {
    Path doc = Files.createTempFile("bad-inputs", ".md");
    Files.write(doc, List.of("| id | bad input | when | message | what to do |", "| --- | --- | --- | --- | --- |",
        "| `a-b` | x | setup (TlsIT) | `one \\| two <n>` | y |", "| `c` | x | construction | `three` | y |"));
    Map<String, BadInputsDoc.Entry> entries = BadInputsDoc.parse(doc);
    assertEquals(List.of("a-b", "c"), List.copyOf(entries.keySet()));
    assertEquals("one | two <n>", entries.get("a-b").message());
    assertEquals("TlsIT", entries.get("a-b").test());
    assertEquals("setup", entries.get("a-b").when());
    assertEquals("BadInputsTest", entries.get("c").test());
    assertEquals(4, entries.get("c").line());
    Files.delete(doc);
  }

  private static BadInputsDoc.Entry entry(String message) {
    return new BadInputsDoc.Entry("id", "input", "construction", "BadInputsTest", message, 1);
  }
}
