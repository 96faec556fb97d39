package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cassandraio.internal.schema.BeamRowReader;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
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

  public ReadSplitFn(ReadSpec<T> spec) {
    this.spec = spec;
  }

  @Setup
  public void setup() {
    lease = SharedSessions.acquire(spec.connection(), this);
    try {
      CqlSession session = lease.session();
      ReadTable table = ReadTable.of(session, spec);
      toOutput = spec.entity() != null ? spec.entity().open(lease) : beamRows(table.reader());
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
    var mapper = spec.mapper();
    return row -> mapper.apply(reader.read(row));
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
