package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cassandraio.internal.schema.BeamRowReader;
import io.cassandraio.internal.session.SessionLease;
import io.cassandraio.internal.session.SharedSessions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads splits into Beam rows (then the user's type). {@code @Setup} rebuilds the row reader from
 * the live table metadata and fails if its schema is not the one the pipeline was built with: the
 * table was altered since, and the rows would not fit the output's coder.
 */
public final class ReadSplitFn<T> extends DoFn<ReadSplit, T> {
  private static final long serialVersionUID = 1L;

  private final ReadSpec<T> spec;
  private transient @Nullable SessionLease lease;
  private transient BeamRowReader rowReader;
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
      rowReader = table.reader();
      Schema expected = spec.schema();
      if (!rowReader.schema().equals(expected)) {
        throw new IllegalStateException(spec.describe() + ": the table changed since the pipeline was built: "
            + "its columns read then had the schema " + expected + ", now " + rowReader.schema()
            + "; build the pipeline again");
      }
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

  @ProcessElement
  public void processElement(@Element ReadSplit split, OutputReceiver<T> out) throws InterruptedException {
    splitReader.read(split, row -> out.output(spec.mapper().apply(rowReader.read(row))));
  }

  @Teardown
  public void teardown() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
