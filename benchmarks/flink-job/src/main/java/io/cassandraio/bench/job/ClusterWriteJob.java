package io.cassandraio.bench.job;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.cassandraio.CassandraConnection;
import io.cassandraio.Grouping;
import io.cassandraio.bench.workload.LocalityWorkload;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsValidator;
import org.apache.beam.sdk.options.Validation;

/**
 * The benchmark's write as a Flink job jar ({@code ours-auto-flink-cluster}): submitted to a Flink
 * session cluster, its main runs in the JobManager, builds the pipeline and hands it to the
 * cluster (Beam's FlinkRunner in Flink's context environment, detached). The harness times it from
 * the submission until Flink reports the job FINISHED.
 */
public final class ClusterWriteJob {
  private ClusterWriteJob() {}

  /** The job's own options; Flink's (parallelism, object reuse) come with the usual Flink runner flags. */
  public interface Options extends FlinkPipelineOptions {
    @Description("Cassandra contact points, host:port separated by commas")
    @Validation.Required
    List<String> getContactPoints();

    void setContactPoints(List<String> value);

    @Description("The local datacenter of the Cassandra cluster")
    @Default.String("datacenter1")
    String getLocalDatacenter();

    void setLocalDatacenter(String value);

    @Description("Rows to write")
    @Validation.Required
    Long getRows();

    void setRows(Long value);

    @Description("Locality L of the workload, 0 to 1")
    @Validation.Required
    Double getLocality();

    void setLocality(Double value);

    @Description("Seed of the workload")
    @Validation.Required
    Long getSeed();

    void setSeed(Long value);

    @Description("Consistency level of every write")
    @Default.String("ONE")
    String getConsistency();

    void setConsistency(String value);

    @Description("Grouping mode of the write")
    @Default.Enum("AUTO")
    Grouping getGrouping();

    void setGrouping(Grouping value);
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).as(Options.class);
    options.setRunner(FlinkRunner.class); // before validation, which needs a runner
    PipelineOptionsValidator.validate(Options.class, options);
    // A REST submission is detached: the runner's attached mode fails on Flink's detached result.
    options.setAttachedMode(false);
    Pipeline pipeline = Pipeline.create(options);
    BenchWrite.write(pipeline,
        new LocalityWorkload(options.getRows(), options.getLocality(), options.getSeed()),
        CassandraConnection.create().withContactPoints(options.getContactPoints().toArray(String[]::new))
            .withLocalDatacenter(options.getLocalDatacenter()),
        DefaultConsistencyLevel.valueOf(options.getConsistency()), options.getGrouping(), false);
    pipeline.run();
    System.out.printf("Submitted %,d rows at L=%.1f to Flink%n", options.getRows(), options.getLocality());
  }
}
