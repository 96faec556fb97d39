package io.cassandraio.it.flink.cluster;

import io.cassandraio.localflink.LocalFlinkCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the exactly-once writers of one table logged in the TaskManagers: on a cluster their
 * metrics and batch listeners stay in the TaskManager JVMs, but the writer logs every replayed
 * micro-batch it skipped (WARN) and every replay whose contents changed (ERROR). The launcher
 * appends each TaskManager process's output to one file per TaskManager, restarts included.
 *
 * @param skippedBatches micro-batches skipped as already committed (replays after a restore)
 * @param changedReplays micro-batches replayed with other contents than committed (written again)
 */
record WriterLogLines(long skippedBatches, long changedReplays) {
  private static final Pattern SKIPPED = Pattern.compile(": skipped (\\d+) of \\d+ micro-batches already recorded");
  private static final String CHANGED_REPLAY = "was committed with other contents than the";

  /** The lines of every TaskManager's log that name {@code keyspace.table} (the writer's CQL names it). */
  static WriterLogLines of(LocalFlinkCluster flink, String keyspace, String table) {
    String target = " " + keyspace + "." + table + " ";
    long skipped = 0;
    long changed = 0;
    for (int n = 1; n <= TestFlinkCluster.TASK_MANAGERS; n++) {
      for (String line : lines(flink.taskManagerLog(n))) {
        if (!line.contains(target)) {
          continue;
        }
        Matcher m = SKIPPED.matcher(line);
        if (m.find()) {
          skipped += Long.parseLong(m.group(1));
        }
        if (line.contains(CHANGED_REPLAY)) {
          changed++;
        }
      }
    }
    return new WriterLogLines(skipped, changed);
  }

  /** Lines of every TaskManager's log that contain {@code text} (all of them, restarts included). */
  static long count(LocalFlinkCluster flink, String text) {
    long n = 0;
    for (int tm = 1; tm <= TestFlinkCluster.TASK_MANAGERS; tm++) {
      n += lines(flink.taskManagerLog(tm)).stream().filter(l -> l.contains(text)).count();
    }
    return n;
  }

  private static List<String> lines(Path log) {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the TaskManager log " + log, e);
    }
  }
}
