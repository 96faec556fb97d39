package io.cassandraio.examples.counter;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.CassandraConnection;
import io.cassandraio.examples.cluster.FlinkSubmission;
import io.cassandraio.examples.cluster.JobCassandra;
import io.cassandraio.local.CassandraBackends;
import java.util.Arrays;
import java.util.Locale;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.streaming.api.CheckpointingMode;

/**
 * A streaming page-view job meant for a Flink cluster, running until it is stopped (or until
 * {@code --events} views have been generated): paced, replayable page views are added to
 * {@code page -> views} counters and upserted as {@code event_id -> page} rows, both exactly once
 * (see {@link StreamingCounterPipeline}; optionally also to counters through the plain writer, to
 * show what exactly-once prevents). Checkpoints every second in EXACTLY_ONCE mode, with the Flink
 * options the README's exactly-once section asks for; each transform has a fixed name, so the job
 * can be stopped with a savepoint and started again from it.
 *
 * <p>{@code main} only builds and submits the job: it does not wait for it, checks nothing and
 * starts no Cassandra (on a cluster it runs inside the JobManager). It creates the keyspace and the
 * tables if they are missing. Read the results with cqlsh: {@code SELECT * FROM page_stream.page_views}.
 *
 * <p>Run it on a cluster from the shaded jar ({@code mvn -B -pl examples -am package -DskipTests}):
 * <pre>
 * flink run -d -c io.cassandraio.examples.counter.StreamingCounterJob examples/target/examples-0.1.0-SNAPSHOT-job.jar \
 *   --cassandraContactPoints=10.0.0.5:9042 --localDatacenter=dc1 --eventsPerSecond=200 --pages=50 \
 *   --consistency=QUORUM --replicationFactor=3 [--events=6000] [--plainCounterTable=page_views_plain]
 * flink stop --savepointPath /savepoints JOB_ID        # later: stop with a savepoint
 * flink run -d -s /savepoints/savepoint-... -c ... job.jar SAME_ARGS [--extraBranch]   # restore
 * </pre>
 * or through the REST API ({@code POST /jars/upload}, then {@code POST /jars/ID/run} with
 * {@code entryClass}, {@code programArgsList}, {@code parallelism} and optionally {@code savepointPath}).
 * Between a savepoint and a restore keep the transform names, {@code --keyspace}, {@code --shards} and
 * {@code --maxParallelism}; {@code --extraBranch} and the rate may change.
 */
public final class StreamingCounterJob {
  /** Checkpoint interval: the pace at which the exactly-once writers release and commit their input. */
  static final long CHECKPOINT_INTERVAL_MS = 1000L;

  private StreamingCounterJob() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(StreamingCounterOptions.class);
    StreamingCounterOptions options = PipelineOptionsFactory.fromArgs(args).withValidation()
        .as(StreamingCounterOptions.class);
    boolean insideFlinkCluster = FlinkSubmission.insideFlinkCluster();
    PipelineResult result = submit(options, insideFlinkCluster);
    if (insideFlinkCluster) {
      System.out.println(FlinkSubmission.submittedLine("StreamingCounterJob", result));
    } else {
      // A local Flink (no cluster): run() returned when the job ended, which needs --events.
      System.out.printf("StreamingCounterJob ended %s%n", result.getState());
    }
  }

  /**
   * Creates the schema, sets the Flink options exactly-once needs and runs the job: detached when
   * {@code insideFlinkCluster} (see {@link FlinkSubmission}), else on the Flink that {@code
   * --flinkMaster} names (a local one by default), returning when it ends.
   */
  public static PipelineResult submit(StreamingCounterOptions options, boolean insideFlinkCluster) {
    String[] contactPoints = contactPoints(options);
    DefaultConsistencyLevel consistency = consistency(options);
    requirePositive("--pages", options.getPages());
    requirePositive("--shards", options.getShards());
    if (options.getEvents() < 0) {
      throw new IllegalArgumentException("--events must be 0 (endless) or more, was " + options.getEvents());
    }
    if (!(options.getEventsPerSecond() > 0)) {
      throw new IllegalArgumentException("--eventsPerSecond must be more than 0, was " + options.getEventsPerSecond());
    }
    applyExactlyOnceFlinkOptions(options);
    if (insideFlinkCluster) {
      FlinkSubmission.prepare(options);
    }

    CassandraConnection connection = CassandraConnection.create().withContactPoints(contactPoints)
        .withLocalDatacenter(options.getLocalDatacenter());
    try (CqlSession session = JobCassandra.adminSession(connection.contactPoints(), options.getLocalDatacenter())) {
      StreamingCounterPipeline.createSchema(session, options.getKeyspace(), options.getReplicationFactor(),
          options.getPlainCounterTable());
    }

    Pipeline pipeline = Pipeline.create(options);
    StreamingCounterPipeline.build(pipeline, connection, options.getKeyspace(), options.getEvents(),
        options.getEventsPerSecond(), options.getPages(), options.getShards(), consistency,
        options.getPlainCounterTable(), options.getExtraBranch(), options.getCounterWriteName());
    return pipeline.run();
  }

  /**
   * The Flink options of the README's exactly-once section: streaming, checkpoints every second in
   * EXACTLY_ONCE mode (Flink releases stable input only when a checkpoint completes), stable-input
   * drain (the batches cut after the last checkpoint are written when the input ends), one
   * checkpoint at a time with three stable-input buffers (Beam 2.62's early release after a restore).
   */
  static void applyExactlyOnceFlinkOptions(StreamingCounterOptions options) {
    options.setRunner(FlinkRunner.class);
    options.setStreaming(true);
    options.setCheckpointingInterval(CHECKPOINT_INTERVAL_MS);
    options.setCheckpointingMode(CheckpointingMode.EXACTLY_ONCE.name());
    options.setEnableStableInputDrain(true);
    options.setNumConcurrentCheckpoints(2);
    options.setMinPauseBetweenCheckpoints(100L);
    if (options.getEvents() > 0) {
      // A source that ended keeps the job open until this idle time passed; longer than a checkpoint interval.
      options.setShutdownSourcesAfterIdleMs(5 * CHECKPOINT_INTERVAL_MS);
    }
  }

  private static String[] contactPoints(StreamingCounterOptions options) {
    String points = options.getCassandraContactPoints();
    if (points == null || points.isBlank()) {
      points = System.getenv(CassandraBackends.CONTACT_POINTS_ENV);
    }
    if (points == null || points.isBlank()) {
      throw new IllegalArgumentException("StreamingCounterJob needs Cassandra: set --cassandraContactPoints=host:port,... "
          + "(or the env var " + CassandraBackends.CONTACT_POINTS_ENV + " of the JVM that runs main; this job starts "
          + "no Cassandra of its own)");
    }
    return Arrays.stream(points.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toArray(String[]::new);
  }

  private static DefaultConsistencyLevel consistency(StreamingCounterOptions options) {
    try {
      return DefaultConsistencyLevel.valueOf(options.getConsistency().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--consistency must be one of " + Arrays.toString(DefaultConsistencyLevel.values())
          + ", was '" + options.getConsistency() + "'", e);
    }
  }

  private static void requirePositive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be 1 or more, was " + value);
    }
  }
}
