package io.cassandraio.it.read;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.mapper.annotations.Dao;
import com.datastax.oss.driver.api.mapper.annotations.GetEntity;

/** Reads {@link ReadItem}s from driver rows: what {@code read().withEntity} calls per row. */
@Dao
public interface ReadItemDao {
  @GetEntity
  ReadItem asItem(Row row);
}
