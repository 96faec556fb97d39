package io.cassandraio.it.support;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * How often Flink restarted each task of a job running in a local MiniCluster: the attempt number
 * of each execution vertex, read from Flink's execution graph every 100 ms while the job runs
 * (the per-job MiniCluster is gone once the job ends, so it cannot be asked afterwards). Region
 * failover restarts only the failed region, so the count is per task. Also how many checkpoints
 * of the job completed, from the same graph.
 */
public final class FlinkRestarts implements AutoCloseable {
  private final Map<String, Integer> maxAttempt = new ConcurrentHashMap<>();
  private final Map<String, Long> lastRestartSeenAt = new ConcurrentHashMap<>();
  private volatile long completedCheckpoints;
  private final Thread poller;
  private volatile boolean stopped;

  private FlinkRestarts(MiniCluster cluster, JobClient job) {
    poller = new Thread(() -> {
      while (!stopped) {
        try {
          AccessExecutionGraph graph = cluster.getExecutionGraph(job.getJobID()).get(5, TimeUnit.SECONDS);
          CheckpointStatsSnapshot checkpoints = graph.getCheckpointStatsSnapshot();
          if (checkpoints != null) {
            completedCheckpoints = Math.max(completedCheckpoints, checkpoints.getCounts().getNumberOfCompletedCheckpoints());
          }
          for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
            String task = v.getTaskNameWithSubtaskIndex().replaceAll(" \\(\\d+/\\d+\\)$", "");
            int attempt = v.getCurrentExecutionAttempt().getAttemptNumber();
            Integer before = maxAttempt.get(task);
            if (before == null || attempt > before) {
              maxAttempt.put(task, attempt);
              if (attempt > 0) {
                lastRestartSeenAt.put(task, System.currentTimeMillis());
              }
            }
          }
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // Not registered yet, slow to answer, or gone with its MiniCluster: try again until closed.
          try {
            Thread.sleep(100);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }, "flink-restart-monitor");
    poller.setDaemon(true);
    poller.start();
  }

  /** Starts watching the job behind {@code job} (a local MiniCluster job). */
  public static FlinkRestarts watch(JobClient job) throws ReflectiveOperationException {
    Field field = job.getClass().getDeclaredField("miniCluster");
    field.setAccessible(true);
    return new FlinkRestarts((MiniCluster) field.get(job), job);
  }

  /** The most restarts seen of any task whose name contains {@code part} (-1 if none was seen). */
  public int restartsOfTasksNamed(String part) {
    return maxAttempt.entrySet().stream().filter(e -> e.getKey().contains(part)).mapToInt(Map.Entry::getValue)
        .max().orElse(-1);
  }

  /** When a restart of a task whose name contains {@code part} was last seen (epoch millis; 0 if never). */
  public long lastRestartSeenAt(String part) {
    return lastRestartSeenAt.entrySet().stream().filter(e -> e.getKey().contains(part))
        .mapToLong(Map.Entry::getValue).max().orElse(0);
  }

  /** Checkpoints of the job completed so far (as last seen, at most 100 ms ago). */
  public long completedCheckpoints() {
    return completedCheckpoints;
  }

  /** The most restarts seen of any task of the job. */
  public int restarts() {
    return restartsOfTasksNamed("");
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    poller.interrupt();
    poller.join(5_000);
  }
}
