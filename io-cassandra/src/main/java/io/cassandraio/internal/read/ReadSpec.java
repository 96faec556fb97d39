package io.cassandraio.internal.read;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.google.auto.value.AutoValue;
import io.cassandraio.internal.execution.RetrySchedule;
import io.cassandraio.internal.keyspaces.AmazonKeyspaces;
import io.cassandraio.internal.session.ConnectionSpec;
import io.cassandraio.internal.statement.TableName;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything {@code CassandraIO.read()} was configured with: what its DoFns get instead of the
 * transform. Each {@code withX} checks its own argument; {@link #validate} checks what must be
 * there before the read expands.
 */
@AutoValue
public abstract class ReadSpec<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The driver's default page size. */
  public static final int DEFAULT_PAGE_SIZE = 5_000;
  public static final int DEFAULT_MAX_CONCURRENT_PAGES = 16;
  /** A split of {@code withNumSplits} more than this would be a query per few tokens: surely a mistake. */
  public static final int MAX_NUM_SPLITS = 1_000_000;

  public abstract @Nullable ConnectionSpec connection();

  /** As the user named it; qualified with the connection's keyspace by {@link #table()}. */
  abstract @Nullable TableName tableName();

  /** The projection; empty: every column, in the table's order. */
  public abstract List<String> columns();

  /** Null: the driver's default (LOCAL_ONE unless its configuration says otherwise). */
  public abstract @Nullable DefaultConsistencyLevel consistencyLevel();

  /** Null: planned from the size estimates. */
  public abstract @Nullable Integer numSplits();

  public abstract int pageSize();

  public abstract int maxConcurrentPages();

  /** Attempts and backoff of one page request. */
  public abstract RetrySchedule retrySchedule();

  /** The Beam schema of the rows read, fixed when the read expands. */
  public abstract @Nullable Schema schema();

  /** From the Beam row to the output type; null when {@link #entity()} reads driver rows instead. */
  public abstract @Nullable SerializableFunction<Row, T> mapper();

  /** Driver rows into mapper entities ({@code withEntity}); null for Beam rows. */
  public abstract @Nullable EntityReader<T, ?> entity();

  public abstract Builder<T> toBuilder();

  @SuppressWarnings("unchecked")
  public static ReadSpec<Row> defaults() {
    return new AutoValue_ReadSpec.Builder<Row>()
        .setColumns(List.of())
        .setPageSize(DEFAULT_PAGE_SIZE)
        .setMaxConcurrentPages(DEFAULT_MAX_CONCURRENT_PAGES)
        .setRetrySchedule(RetrySchedule.defaults())
        .setMapper(row -> row)
        .build();
  }

  /** The table with its keyspace (the connection's, if the table named none). */
  public TableName table() {
    TableName name = tableName();
    if (name == null || connection() == null) {
      throw new IllegalStateException("table() before validate()");
    }
    return name.orKeyspace(connection().keyspace());
  }

  /** Checked when the read expands (and by Beam's validation). */
  public void validate() {
    if (connection() == null) {
      throw new IllegalArgumentException("CassandraIO.read() needs withConnection(CassandraConnection)");
    }
    if (tableName() == null) {
      throw new IllegalArgumentException("CassandraIO.read() needs withTable(\"keyspace.table\")");
    }
    connection().validate();
    if (table().keyspace() == null) {
      throw new IllegalArgumentException("withTable(\"" + tableName() + "\") needs a keyspace: qualify the table as "
          + "keyspace.table or set CassandraConnection.withKeyspace(...)");
    }
    String region = connection().amazonKeyspacesRegion();
    if (region != null && consistencyLevel() != null
        && !AmazonKeyspaces.READ_CONSISTENCIES.contains(consistencyLevel())) {
      throw new IllegalArgumentException("withConsistencyLevel(" + consistencyLevel() + "): Amazon Keyspaces (the "
          + "connection is CassandraConnection.forAmazonKeyspaces(\"" + region + "\")) reads at "
          + AmazonKeyspaces.READ_CONSISTENCIES + " only");
    }
  }

  /** For messages: {@code CassandraIO.read(ks.table)}. */
  public String describe() {
    return "CassandraIO.read(" + (tableName() == null ? "?" : connection() == null ? tableName() : table()) + ")";
  }

  public void populateDisplayData(DisplayData.Builder builder) {
    if (connection() != null) {
      connection().populateDisplayData(builder);
    }
    builder
        .addIfNotNull(DisplayData.item("table", tableName() == null ? null : tableName().qualified()))
        .add(DisplayData.item("columns", columns().isEmpty() ? "all" : String.join(",", columns())))
        .add(DisplayData.item("consistencyLevel",
            consistencyLevel() == null ? "driver default" : consistencyLevel().name()))
        .add(DisplayData.item("numSplits", numSplits() == null ? "from size estimates" : numSplits().toString()))
        .add(DisplayData.item("pageSize", pageSize()))
        .add(DisplayData.item("maxConcurrentPages", maxConcurrentPages()))
        .add(DisplayData.item("maxAttempts", retrySchedule().maxAttempts()))
        .addIfNotNull(DisplayData.item("entity", entity() == null ? null : entity().describe()));
  }

  @AutoValue.Builder
  public abstract static class Builder<T> {
    public abstract Builder<T> setConnection(ConnectionSpec connection);

    public abstract Builder<T> setTableName(TableName table);

    public abstract Builder<T> setColumns(List<String> columns);

    public abstract Builder<T> setConsistencyLevel(DefaultConsistencyLevel level);

    public abstract Builder<T> setNumSplits(Integer splits);

    public abstract Builder<T> setPageSize(int size);

    public abstract Builder<T> setMaxConcurrentPages(int pages);

    public abstract Builder<T> setRetrySchedule(RetrySchedule retry);

    public abstract Builder<T> setSchema(Schema schema);

    public abstract Builder<T> setMapper(@Nullable SerializableFunction<Row, T> mapper);

    public abstract Builder<T> setEntity(@Nullable EntityReader<T, ?> entity);

    public abstract ReadSpec<T> build();
  }

  /** The same options with another output type, from Beam rows. */
  public <U> ReadSpec<U> mappedBy(SerializableFunction<Row, U> mapper) {
    return retyped(b -> b.setMapper(mapper));
  }

  /** The same options with mapper entities as the output, from driver rows. */
  public <U> ReadSpec<U> readingEntities(EntityReader<U, ?> entity) {
    return retyped(b -> b.setEntity(entity));
  }

  private <U> ReadSpec<U> retyped(java.util.function.Consumer<Builder<U>> output) {
    AutoValue_ReadSpec.Builder<U> b = new AutoValue_ReadSpec.Builder<U>();
    b.setColumns(columns()).setPageSize(pageSize()).setMaxConcurrentPages(maxConcurrentPages())
        .setRetrySchedule(retrySchedule());
    output.accept(b);
    if (connection() != null) {
      b.setConnection(connection());
    }
    if (tableName() != null) {
      b.setTableName(tableName());
    }
    if (consistencyLevel() != null) {
      b.setConsistencyLevel(consistencyLevel());
    }
    if (numSplits() != null) {
      b.setNumSplits(numSplits());
    }
    if (schema() != null) {
      b.setSchema(schema());
    }
    return b.build();
  }
}
