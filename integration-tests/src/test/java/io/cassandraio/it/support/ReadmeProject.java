package io.cassandraio.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of the README's "Use it in your project" project: each block that follows a marker
 * line {@code <!-- use-in-your-project:pom -->} (a {@code ```xml} block, the pom.xml) or
 * {@code <!-- use-in-your-project:java PATH -->} (a {@code ```java} block, the source at PATH).
 */
public final class ReadmeProject {
  private static final String MARKER = "<!-- use-in-your-project:";

  private ReadmeProject() {}

  /** Relative path in the project to file text, in README order; fails naming what is missing. */
  public static Map<String, String> files(Path readme) {
    List<String> lines;
    try {
      lines = Files.readAllLines(readme);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + readme.toAbsolutePath(), e);
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith(MARKER)) {
        continue;
      }
      String spec = line.substring(MARKER.length(), line.length() - "-->".length()).strip();
      String path = spec.equals("pom") ? "pom.xml" : spec.startsWith("java ") ? spec.substring(5).strip() : null;
      if (path == null) {
        throw new IllegalStateException(readme + " line " + (i + 1) + ": unknown marker '" + line
            + "'; expected " + MARKER + "pom --> or " + MARKER + "java src/main/java/.../X.java -->");
      }
      String fence = spec.equals("pom") ? "```xml" : "```java";
      files.put(path, blockAfter(lines, i, fence, readme));
    }
    if (!files.containsKey("pom.xml") || files.size() < 2) {
      throw new IllegalStateException(readme + " has no complete 'Use it in your project' project: expected a "
          + MARKER + "pom --> block and at least one " + MARKER + "java PATH --> block, found " + files.keySet());
    }
    return files;
  }

  /** Writes {@code files} under {@code dir}, which is emptied first. */
  public static void write(Map<String, String> files, Path dir) {
    try {
      if (Files.exists(dir)) {
        try (var paths = Files.walk(dir)) {
          for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
            Files.delete(p);
          }
        }
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path target = dir.resolve(f.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the README's project into " + dir.toAbsolutePath(), e);
    }
  }

  /** The fully qualified class name of a source path such as src/main/java/com/example/Main.java. */
  public static String className(String sourcePath) {
    String prefix = "src/main/java/";
    if (!sourcePath.startsWith(prefix) || !sourcePath.endsWith(".java")) {
      throw new IllegalArgumentException("not a main source path: " + sourcePath);
    }
    return sourcePath.substring(prefix.length(), sourcePath.length() - ".java".length()).replace('/', '.');
  }

  private static String blockAfter(List<String> lines, int markerLine, String fence, Path readme) {
    int start = markerLine + 1;
    while (start < lines.size() && lines.get(start).isBlank()) {
      start++;
    }
    if (start >= lines.size() || !lines.get(start).strip().equals(fence)) {
      throw new IllegalStateException(readme + " line " + (markerLine + 1) + ": the marker must be followed by a "
          + fence + " block");
    }
    List<String> body = new ArrayList<>();
    for (int i = start + 1; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("```")) {
        return String.join("\n", body) + "\n";
      }
      body.add(lines.get(i));
    }
    throw new IllegalStateException(readme + " line " + (start + 1) + ": " + fence + " block is not closed");
  }
}
