package io.cassandraio.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cassandraio.CassandraConnection;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.CassandraWriteException;
import io.cassandraio.internal.session.SharedSessions;
import io.cassandraio.local.ClusterSpec;
import io.cassandraio.local.LocalCluster;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code scripts/bench --soak}: writes at full speed (QUORUM, RF 3, DirectRunner, one pipeline of
 * {@code roundRows} new keys after another) on a 3-node cluster for {@code minutes}, while
 * {@link NodeRotation} kills and restarts the nodes one after the other. A round that fails is run
 * again (the writes are idempotent upserts), as a runner would retry it. At the end every node is
 * back and the rows are counted at QUORUM; the writer's live heap (after a full collection, with the
 * live instances of its pending writes and bound statements) is sampled every
 * {@value #HEAP_SAMPLE_SECONDS} s. Prints a summary and writes {@code soak.json} into the output
 * directory. Not part of CI.
 */
final class SoakRun {
  static final int NODES = 3;
  static final long HEAP_SAMPLE_SECONDS = 15;
  static final String KEYSPACE = "soak";
  static final String TABLE = "rows";
  private static final String PENDING_WRITE = "io.cassandraio.internal.grouping.PendingWrite";
  private static final String BOUND_STATEMENT = "com.datastax.oss.driver.internal.core.cql.DefaultBoundStatement";
  private static final int MAX_RUNS_PER_ROUND = 5;
  private static final int COUNT_SLICES = 256;
  private static final int COUNT_ATTEMPTS = 5;
  private static final String PAYLOAD = "x".repeat(100);

  private final double minutes;
  private final String baseAddress;
  private final Path clusterDir;
  private final long roundRows;

  SoakRun(double minutes, String baseAddress, Path clusterDir, long roundRows) {
    if (minutes <= 0) {
      throw new IllegalArgumentException("--soak-minutes must be positive, was " + minutes);
    }
    this.minutes = minutes;
    this.baseAddress = baseAddress;
    this.clusterDir = clusterDir;
    this.roundRows = roundRows;
  }

  /** One sample of the writer JVM's heap. */
  record HeapSample(long atMs, long liveHeapBytes, long pendingWrites, long boundStatements, int threads,
      int openSessions) {}

  Map<String, Object> run(Path out) throws Exception {
    Map<String, Object> summary = new LinkedHashMap<>();
    try (LocalCluster cluster = LocalCluster.start(ClusterSpec.nodes(NODES).withBaseAddress(baseAddress)
        .withWorkDir(clusterDir));
        CqlSession admin = adminSession(cluster)) {
      admin(admin, "CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
          + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + NODES + "}");
      admin(admin, "CREATE TABLE IF NOT EXISTS " + KEYSPACE + "." + TABLE + " (k bigint PRIMARY KEY, payload text)");
      CassandraConnection connection = CassandraConnection.create().withContactPoints(cluster.contactPoints())
          .withLocalDatacenter(cluster.localDatacenter()).withKeyspace(KEYSPACE);

      List<HeapSample> heap = Collections.synchronizedList(new ArrayList<>());
      long started = System.nanoTime();
      // Sampled while the rounds run (between two rounds the writer holds nothing).
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "soak-heap-sampler");
            t.setDaemon(true);
            return t;
          });
      sampler.scheduleAtFixedRate(() -> heap.add(sampleHeap(started)), HEAP_SAMPLE_SECONDS, HEAP_SAMPLE_SECONDS,
          TimeUnit.SECONDS);
      long deadline = started + (long) (minutes * 60e9);
      NodeRotation rotation = new NodeRotation(cluster);
      Thread chaos = new Thread(rotation, "soak-node-rotation");
      chaos.setDaemon(true);
      chaos.start();
      long rows = 0;
      int rounds = 0;
      int failedRuns = 0;
      long retried = 0;
      long failedElements = 0;
      List<String> failures = new ArrayList<>();
      long writeNanos = 0;
      while (System.nanoTime() < deadline) {
        long from = rounds * roundRows;
        for (int attempt = 1; ; attempt++) {
          long t0 = System.nanoTime();
          PipelineResult result = writeRound(connection, from, from + roundRows);
          try {
            result.waitUntilFinish();
            writeNanos += System.nanoTime() - t0;
            retried += PipelineCounters.committed(result, CassandraIOMetrics.NAMESPACE,
                CassandraIOMetrics.STATEMENTS_RETRIED);
            failedElements += PipelineCounters.committed(result, CassandraIOMetrics.NAMESPACE,
                CassandraIOMetrics.FAILED_ELEMENTS);
            break;
          } catch (RuntimeException e) {
            writeNanos += System.nanoTime() - t0;
            failedRuns++;
            String cause = rootMessage(e);
            failures.add(String.format("round %d run %d at %.0f s: %s", rounds, attempt,
                (System.nanoTime() - started) / 1e9, cause));
            System.out.printf("  round %d failed (run %d), runs again: %s%n", rounds, attempt, cause);
            if (attempt == MAX_RUNS_PER_ROUND) {
              throw new IllegalStateException("round " + rounds + " failed " + attempt + " times; last: " + cause, e);
            }
          }
        }
        rows += roundRows;
        rounds++;
        System.out.printf("  %5.0f s: round %d done, %,d rows, %s%n", (System.nanoTime() - started) / 1e9, rounds,
            rows, rotation.state());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      sampler.shutdownNow();
      sampler.awaitTermination(1, TimeUnit.MINUTES);
      heap.add(sampleHeap(started)); // after the last round: what the writer left behind
      rotation.stop();
      chaos.join(Duration.ofMinutes(3).toMillis());
      long t0 = System.nanoTime();
      List<Integer> restored = cluster.restoreAll();
      long restoreMs = (System.nanoTime() - t0) / 1_000_000;
      long counted = count(admin);
      summary.put("minutes", minutes);
      summary.put("nodes", NODES);
      summary.put("replication_factor", NODES);
      summary.put("consistency", "QUORUM");
      summary.put("runner", "direct");
      summary.put("round_rows", roundRows);
      summary.put("rounds", rounds);
      summary.put("rows_written", rows);
      summary.put("rows_per_second", Math.round(rows / (writeNanos / 1e9)));
      summary.put("wall_seconds", Math.round(seconds));
      summary.put("runs_failed_and_rerun", failedRuns);
      summary.put("failures", failures);
      summary.put("statements_retried", retried);
      summary.put("failed_elements", failedElements);
      summary.put("node_kills", rotation.kills());
      summary.put("node_restarts", rotation.restartMillis().size());
      summary.put("restart_ms", rotation.restartMillis());
      summary.put("rotation_errors", rotation.errors());
      summary.put("restored_at_end", restored);
      summary.put("restore_at_end_ms", restoreMs);
      summary.put("rows_counted_at_quorum", counted);
      summary.put("rows_verified", counted == rows);
      summary.put("heap_samples", heap);
      summary.put("live_heap_mib_first", mib(heap.get(0).liveHeapBytes()));
      summary.put("live_heap_mib_max", mib(heap.stream().mapToLong(HeapSample::liveHeapBytes).max().orElse(0)));
      summary.put("live_heap_mib_last_during_writes", mib(heap.get(Math.max(0, heap.size() - 2)).liveHeapBytes()));
      summary.put("live_heap_mib_after_last_round", mib(heap.get(heap.size() - 1).liveHeapBytes()));
      summary.put("pending_writes_max", heap.stream().mapToLong(HeapSample::pendingWrites).max().orElse(0));
      summary.put("bound_statements_max", heap.stream().mapToLong(HeapSample::boundStatements).max().orElse(0));
      summary.put("threads_first", heap.get(0).threads());
      summary.put("threads_last", heap.get(heap.size() - 1).threads());
      summary.put("writer_sessions_open_at_end", SharedSessions.openSessions());
    }
    Files.createDirectories(out);
    Path file = out.resolve("soak.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
    print(summary, file);
    if (!Boolean.TRUE.equals(summary.get("rows_verified"))) {
      throw new IllegalStateException("soak: " + summary.get("rows_counted_at_quorum") + " rows counted at QUORUM, "
          + summary.get("rows_written") + " written");
    }
    return summary;
  }

  private static void print(Map<String, Object> s, Path file) {
    System.out.printf("== Soak: %s min, %d nodes RF %d at QUORUM (DirectRunner), %s rounds of %,d rows%n",
        s.get("minutes"), NODES, NODES, s.get("rounds"), (Long) s.get("round_rows"));
    System.out.printf("   written   %,d rows at %,d rows/s; %s run(s) failed and ran again; %,d statements retried, "
        + "%d elements failed%n", (Long) s.get("rows_written"), (Long) s.get("rows_per_second"),
        s.get("runs_failed_and_rerun"), (Long) s.get("statements_retried"), (Long) s.get("failed_elements"));
    System.out.printf("   faults    %s node kills, %s restarts (ms: %s), rotation errors %s%n", s.get("node_kills"),
        s.get("node_restarts"), s.get("restart_ms"), s.get("rotation_errors"));
    System.out.printf("   verified  %,d rows counted at QUORUM (%s); restored at the end: %s in %s ms%n",
        (Long) s.get("rows_counted_at_quorum"), Boolean.TRUE.equals(s.get("rows_verified")) ? "all present" : "MISMATCH",
        s.get("restored_at_end"), s.get("restore_at_end_ms"));
    System.out.printf("   heap      live after full GC, every %d s during the writes: first %s MiB, max %s MiB, last %s MiB; "
        + "after the last round %s MiB; peak live pending writes %s, bound statements %s; threads %s -> %s; "
        + "writer sessions open at the end %s%n", HEAP_SAMPLE_SECONDS, s.get("live_heap_mib_first"),
        s.get("live_heap_mib_max"), s.get("live_heap_mib_last_during_writes"), s.get("live_heap_mib_after_last_round"),
        s.get("pending_writes_max"),
        s.get("bound_statements_max"), s.get("threads_first"), s.get("threads_last"),
        s.get("writer_sessions_open_at_end"));
    System.out.println("   details   " + file.toAbsolutePath());
  }

  private PipelineResult writeRound(CassandraConnection connection, long from, long to) {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply("Keys", GenerateSequence.from(from).to(to))
        .apply("Write", CassandraIO.<Long>write()
            .withConnection(connection)
            .withStatement("INSERT INTO " + TABLE + " (k, payload) VALUES (?, ?)",
                (k, b) -> b.setLong(0, k).setString(1, PAYLOAD).build())
            .withConsistencyLevel(DefaultConsistencyLevel.QUORUM));
    return pipeline.run();
  }

  /** A full collection (the class histogram makes one), then what is left on the heap. */
  private static HeapSample sampleHeap(long startedNanos) {
    Map<String, Long> live = HeapCensus.liveInstances(List.of(PENDING_WRITE, BOUND_STATEMENT));
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new HeapSample((System.nanoTime() - startedNanos) / 1_000_000, heap, live.getOrDefault(PENDING_WRITE, 0L),
        live.getOrDefault(BOUND_STATEMENT, 0L), ManagementFactory.getThreadMXBean().getThreadCount(),
        SharedSessions.openSessions());
  }

  /**
   * Rows by slices of the token ring at QUORUM (what QUORUM writes promise; a node just restarted
   * may still be receiving its hints), each slice read again after a timeout: a node that was just
   * restarted, on a busy machine, can miss the server's range read timeout.
   */
  private static long count(CqlSession admin) throws InterruptedException {
    PreparedStatement slice = admin.prepare("SELECT count(*) FROM " + KEYSPACE + "." + TABLE
        + " WHERE token(k) > ? AND token(k) <= ?");
    BigInteger step = BigInteger.ONE.shiftLeft(64).divide(BigInteger.valueOf(COUNT_SLICES));
    long total = 0;
    for (int i = 0; i < COUNT_SLICES; i++) {
      long from = BigInteger.valueOf(Long.MIN_VALUE).add(step.multiply(BigInteger.valueOf(i))).longValue();
      long to = i == COUNT_SLICES - 1 ? Long.MAX_VALUE
          : BigInteger.valueOf(Long.MIN_VALUE).add(step.multiply(BigInteger.valueOf(i + 1))).longValue();
      for (int attempt = 1; ; attempt++) {
        try {
          total += admin.execute(slice.bind(from, to).setConsistencyLevel(DefaultConsistencyLevel.QUORUM)
              .setTimeout(Duration.ofMinutes(2))).one().getLong(0);
          break;
        } catch (DriverTimeoutException | QueryExecutionException e) {
          if (attempt == COUNT_ATTEMPTS) {
            throw e;
          }
          System.out.printf("  count of slice %d timed out (%s), reading it again%n", i, e.getClass().getSimpleName());
          Thread.sleep(2000);
        }
      }
    }
    return total;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && !(t instanceof CassandraWriteException)) {
      t = t.getCause();
    }
    String m = t.toString();
    return m.length() > 400 ? m.substring(0, 400) + "..." : m;
  }

  private static long mib(long bytes) {
    return Math.round(bytes / 1048576.0);
  }

  private static CqlSession adminSession(LocalCluster cluster) {
    return CqlSession.builder().addContactPoints(cluster.contactPoints()).withLocalDatacenter(cluster.localDatacenter())
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2)).build())
        .build();
  }

  private static void admin(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofMinutes(2)));
  }
}
