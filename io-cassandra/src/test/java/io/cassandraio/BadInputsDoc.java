package io.cassandraio;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entries of {@code docs/bad-inputs.md}, read by the tests that make each of them true: every
 * table row whose first cell is a backquoted id. A row is {@code | `id` | bad input | when |
 * `message` | what to do |}. The test class that checks an entry follows from {@code when}
 * ({@code BadInputsTest} in io-cassandra for {@code construction} and {@code apply}, {@code
 * BadInputsIT} in integration-tests for {@code run}, {@code setup} and {@code element}), unless
 * the cell names another one: {@code setup (TlsIT)}, for an input that needs a cluster of its own.
 *
 * <p>A message is matched whole against the message of the error or of one of its causes, with
 * {@code <placeholder>}s (a lower-case letter first) standing for any text, and a final
 * {@code " ..."} for "and more after this".
 */
public final class BadInputsDoc {
  public static final String FILE = "docs/bad-inputs.md";
  /** The moments a bad input can be detected, as the doc's "when" column names them, and who checks them by default. */
  public static final Map<String, String> DEFAULT_TESTS = Map.of("construction", "BadInputsTest",
      "apply", "BadInputsTest", "run", "BadInputsIT", "setup", "BadInputsIT", "element", "BadInputsIT");
  private static final Pattern WHEN_CELL = Pattern.compile("([a-z]+)(?: \\(([A-Z][A-Za-z0-9]*)\\))?");

  private static final Pattern ID_CELL = Pattern.compile("`([a-z0-9]+(?:-[a-z0-9]+)*)`");
  private static final Pattern CODE_CELL = Pattern.compile("`([^`]+)`");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z][a-z0-9 _.,:'/-]*>");
  private static final String MORE = " ...";
  private static Map<String, Entry> entries;

  private BadInputsDoc() {}

  /**
   * One documented bad input; {@code test} is the simple name of the test class that checks it,
   * {@code line} its line in the doc (1-based).
   */
  public record Entry(String id, String input, String when, String test, String message, int line) {
    /** The message as a pattern: placeholders match any text; a final " ..." any rest. */
    public Pattern pattern() {
      String text = message.endsWith(MORE) ? message.substring(0, message.length() - MORE.length()) : message;
      StringBuilder regex = new StringBuilder();
      Matcher m = PLACEHOLDER.matcher(text);
      int at = 0;
      while (m.find()) {
        regex.append(Pattern.quote(text.substring(at, m.start()))).append(".*?");
        at = m.end();
      }
      regex.append(Pattern.quote(text.substring(at)));
      if (message.endsWith(MORE)) {
        regex.append(".*");
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Fails unless one of {@code messages} (an error's and its causes', or a FailedWrite's) is this entry's. */
    public void assertMatchesOneOf(Collection<String> messages) {
      Pattern p = pattern();
      boolean matched = messages.stream().anyMatch(s -> s != null && p.matcher(s).matches());
      assertTrue(where() + " documents the message\n  " + message + "\nbut the error said\n  "
          + String.join("\n  ", messages.stream().map(String::valueOf).toList()), matched);
    }

    /** {@code docs/bad-inputs.md:<line> `<id>`}, for failure messages. */
    public String where() {
      return FILE + ":" + line + " `" + id + "`";
    }
  }

  /** Every entry, in the order of the doc; fails naming the line of a malformed row or a repeated id. */
  public static synchronized Map<String, Entry> entries() {
    if (entries == null) {
      entries = parse(find());
    }
    return entries;
  }

  /**
   * The ids {@code testClass} runs over: the doc's entries it checks, then any case of the class
   * that the doc lacks (each such case then fails, naming what is missing).
   */
  public static List<Object[]> ids(Class<?> testClass, Set<String> caseIds) {
    Set<String> ids = new LinkedHashSet<>();
    entries().values().stream().filter(e -> e.test().equals(testClass.getSimpleName())).forEach(e -> ids.add(e.id()));
    caseIds.stream().sorted().forEach(ids::add);
    return ids.stream().map(id -> new Object[] {id}).toList();
  }

  /**
   * The entry of {@code id}, which {@code testClass} has a case for (or not: {@code hasCase});
   * fails saying which side is missing.
   */
  public static Entry entryToCheck(String id, boolean hasCase, Class<?> testClass) {
    Entry entry = entries().get(id);
    String test = testClass.getSimpleName();
    if (entry == null) {
      fail(test + " has a case '" + id + "' that " + FILE + " does not document: add a row for it (see "
          + "\"Adding a bad input\" there), or remove the case");
    }
    if (!entry.test().equals(test)) {
      fail(entry.where() + " (when: " + entry.when() + ") is checked by " + entry.test() + ", not " + test
          + ": move the case, or name " + test + " in the doc's 'when' cell, e.g. '" + entry.when() + " (" + test + ")'");
    }
    if (!hasCase) {
      fail(entry.where() + " (when: " + entry.when() + ") has no case in " + test + ": add one that produces it");
    }
    return entry;
  }

  /** The messages of {@code error} and of its causes, outermost first. */
  public static List<String> messagesOf(Throwable error) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      messages.add(t.getMessage());
    }
    return messages;
  }

  /**
   * The test classes the doc names, each with the file that declares it (null if none does): a
   * class that is named but missing, or that does not read the doc, leaves its entries unchecked.
   */
  static Map<String, Path> testClasses() {
    Path root = find().getParent().getParent();
    Map<String, Path> classes = new java.util.TreeMap<>();
    entries().values().forEach(e -> classes.put(e.test(), null));
    try {
      Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
          String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
          return name.equals("target") || name.startsWith(".") ? java.nio.file.FileVisitResult.SKIP_SUBTREE
              : java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
          String name = file.getFileName().toString().replaceFirst("\\.java$", "");
          if (classes.containsKey(name) && file.toString().contains("src" + java.io.File.separator + "test")) {
            classes.put(name, file);
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return classes;
  }

  /** The doc, found from the working directory (a module's directory or the repository root) upwards. */
  static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path doc = dir.resolve(FILE);
      if (Files.isRegularFile(doc)) {
        return doc;
      }
    }
    throw new IllegalStateException("no " + FILE + " in " + Path.of("").toAbsolutePath() + " or above");
  }

  static Map<String, Entry> parse(Path doc) {
    List<String> lines;
    try {
      lines = Files.readAllLines(doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + doc, e);
    }
    Map<String, Entry> parsed = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith("|")) {
        continue;
      }
      List<String> cells = cells(line);
      Matcher id = ID_CELL.matcher(cells.get(0));
      if (!id.matches()) {
        continue; // a header or separator row
      }
      String where = FILE + ":" + (i + 1);
      if (cells.size() != 5) {
        throw new IllegalStateException(where + ": an entry has 5 cells (id, bad input, when, message, what to do), "
            + "this one has " + cells.size() + ": " + line);
      }
      Matcher when = WHEN_CELL.matcher(cells.get(2));
      if (!when.matches() || !DEFAULT_TESTS.containsKey(when.group(1))) {
        throw new IllegalStateException(where + ": 'when' is one of " + new java.util.TreeSet<>(DEFAULT_TESTS.keySet())
            + ", optionally followed by the test class that checks it, as in 'setup (TlsIT)'; was '" + cells.get(2) + "'");
      }
      String test = when.group(2) != null ? when.group(2) : DEFAULT_TESTS.get(when.group(1));
      Matcher message = CODE_CELL.matcher(cells.get(3));
      if (!message.matches()) {
        throw new IllegalStateException(where + ": the message cell is one `code span`, was " + cells.get(3));
      }
      Entry entry = new Entry(id.group(1), cells.get(1), when.group(1), test, message.group(1), i + 1);
      Entry before = parsed.putIfAbsent(entry.id(), entry);
      if (before != null) {
        throw new IllegalStateException(where + ": the id `" + entry.id() + "` is already used on line " + before.line());
      }
    }
    return parsed;
  }

  /** The cells of a table row, split at '|' but not at '\|' (a '|' inside a cell), which becomes '|'. */
  private static List<String> cells(String row) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    for (int i = 1; i < row.length(); i++) { // after the leading '|'
      char c = row.charAt(i);
      if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
        cell.append('|');
        i++;
      } else if (c == '|') {
        cells.add(cell.toString().strip());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (!cell.toString().isBlank()) {
      cells.add(cell.toString().strip());
    }
    return cells;
  }
}
