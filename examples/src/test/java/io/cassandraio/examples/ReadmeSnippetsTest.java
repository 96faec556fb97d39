package io.cassandraio.examples;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Every {@code ```java} block of the README is one of the blocks compiled in {@link ReadmeSnippets}, in order,
 * except the blocks marked {@value #WHOLE_FILE_MARKER}: those are whole source files of a project of
 * their own ("Use it in your project"), which UseInYourProjectIT builds and runs.
 */
public class ReadmeSnippetsTest {
  /** Start of the HTML comment that UseInYourProjectIT looks for, on the line before a block. */
  static final String WHOLE_FILE_MARKER = "<!-- use-in-your-project:";
  private static final Path README = Path.of("..", "README.md");
  private static final Path SNIPPETS = Path.of("src", "test", "java", "io", "cassandraio", "examples",
      "ReadmeSnippets.java");

  @Test
  public void theReadmeShowsTheCompiledBlocks() throws IOException {
    List<String> readme = blocks(withoutWholeFileBlocks(Files.readAllLines(README)), "```java", "```");
    List<String> compiled = blocks(Files.readAllLines(SNIPPETS), "// README block", "// end");
    assertEquals("README.md has " + readme.size() + " Java blocks, ReadmeSnippets.java " + compiled.size(),
        compiled.size(), readme.size());
    for (int i = 0; i < readme.size(); i++) {
      assertEquals("README Java block " + (i + 1) + " differs from ReadmeSnippets.java (update both)",
          compiled.get(i), readme.get(i));
    }
  }

  /** The README without the {@code ```java} blocks that follow a {@value #WHOLE_FILE_MARKER} line. */
  private static List<String> withoutWholeFileBlocks(List<String> lines) {
    List<String> kept = new ArrayList<>();
    boolean skipping = false;
    String previous = "";
    for (String line : lines) {
      String trimmed = line.strip();
      if (!skipping && trimmed.equals("```java") && previous.startsWith(WHOLE_FILE_MARKER)) {
        skipping = true;
      } else if (skipping && trimmed.equals("```")) {
        skipping = false;
      } else if (!skipping) {
        kept.add(line);
      }
      if (!trimmed.isEmpty()) {
        previous = trimmed;
      }
    }
    return kept;
  }

  /** The lines between each {@code begin} and the next {@code end} line, without their common indentation. */
  private static List<String> blocks(List<String> lines, String begin, String end) {
    List<String> blocks = new ArrayList<>();
    List<String> current = null;
    for (String line : lines) {
      String trimmed = line.strip();
      if (current == null && trimmed.equals(begin)) {
        current = new ArrayList<>();
      } else if (current != null && trimmed.equals(end)) {
        blocks.add(unindented(current));
        current = null;
      } else if (current != null) {
        current.add(line.stripTrailing());
      }
    }
    return blocks;
  }

  private static String unindented(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder text = new StringBuilder();
    for (String l : lines) {
      text.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return text.toString();
  }
}
