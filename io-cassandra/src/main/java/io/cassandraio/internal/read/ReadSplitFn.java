package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import io.cassandraio.internal.schema.BeamRowReader;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads splits into Beam rows (then the user's type), or into mapper entities. For Beam rows
 * {@code @Setup} rebuilds the row reader from the live table metadata and fails if its schema is
 * not the one the pipeline was built with: the table was altered since, and the rows would not
 * fit the output's coder.
 */
public final class ReadSplitFn<T> extends DoFn<ReadSplit, T> {
  private static final long serialVersionUID = 1L;

  private final ReadSpec<T> spec;
  private transient @Nullable SessionLease lease;
  private transient Function<Row, T> toOutput;
  private transient SplitReader splitReader;
  /** The table's primary key, to name a row that fails in an error message. */
  private transient List<CqlIdentifier> primaryKey;

  public ReadSplitFn(ReadSpec<T> spec) {
    this.spec = spec;
  }

  @Setup
  public void setup() {
    lease = SharedSessions.acquire(spec.connection(), this);
    try {
      CqlSession session = lease.session();
      ReadTable table = ReadTable.of(session, spec);
      primaryKey = table.metadata().getPrimaryKey().stream().map(ColumnMetadata::getName).toList();
      toOutput = spec.entity() != null ? entities(spec.entity().open(lease)) : beamRows(table.reader());
      PreparedStatement slices = lease.perSession("read:" + table.sliceQuery(), s -> s.prepare(table.sliceQuery()));
      PreparedStatement whole = lease.perSession("read:" + table.wholeTableQuery(),
          s -> s.prepare(table.wholeTableQuery()));
      splitReader = new SplitReader(session, spec, slices, whole, table.metadata().getKeyspace());
    } catch (RuntimeException e) {
      lease.close();
      lease = null;
      throw e;
    }
  }

  private Function<Row, T> beamRows(BeamRowReader reader) {
    Schema expected = spec.schema();
    if (!reader.schema().equals(expected)) {
      throw new IllegalStateException(spec.describe() + ": the table changed since the pipeline was built: "
          + "its columns read then had the schema " + expected + ", now " + reader.schema()
          + "; build the pipeline again");
    }
    Function<Row, org.apache.beam.sdk.values.Row> convert = reader::read;
    Function<org.apache.beam.sdk.values.Row, T> mapper = spec.mapper()::apply;
    return row -> naming(row, "withRowMapper's function", mapper,
        naming(row, "its conversion to a Beam row", convert, row));
  }

  private Function<Row, T> entities(Function<Row, T> getEntity) {
    String stage = "withEntity's @GetEntity method (" + spec.entity().describe() + ")";
    return row -> naming(row, stage, getEntity, row);
  }

  /**
   * {@code step.apply(input)}; if it throws, an error that names the row by its primary key (a
   * table can hold millions: the stack trace alone does not say which one), the read and the step.
   */
  private <A, B> B naming(Row row, String stepName, Function<A, B> step, A input) {
    try {
      return step.apply(input);
    } catch (RuntimeException e) {
      throw new IllegalStateException(spec.describe() + ": the row " + RowNames.of(row, primaryKey) + " failed in "
          + stepName + ": " + e, e);
    }
  }

  @ProcessElement
  public void processElement(@Element ReadSplit split, OutputReceiver<T> out) throws InterruptedException {
    splitReader.read(split, row -> out.output(toOutput.apply(row)));
  }

  @Teardown
  public void teardown() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
