package io.cassandraio.examples.turbine;

import com.datastax.oss.driver.api.core.PagingIterable;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.mapper.annotations.Dao;
import com.datastax.oss.driver.api.mapper.annotations.GetEntity;
import com.datastax.oss.driver.api.mapper.annotations.Insert;
import com.datastax.oss.driver.api.mapper.annotations.Select;
import java.time.Instant;

/** Driver-4 mapper DAO of {@link TurbineAggregatedRecord}. */
@Dao
public interface TurbineDao {
  /** Does not execute anything: returns the INSERT, for {@code CassandraIO.write().withEntity}. */
  @Insert
  BoundStatement save(TurbineAggregatedRecord record);

  /** A row of the table as an entity, for {@code CassandraIO.read().withEntity}. */
  @GetEntity
  TurbineAggregatedRecord asRecord(Row row);

  /** One turbine's windows whose {@code reported_time} is in {@code [earliest, latest]}, oldest first. */
  @Select(customWhereClause = "turbineid = :turbineid AND reported_time >= :earliest AND reported_time <= :latest")
  PagingIterable<TurbineAggregatedRecord> findInRange(String turbineid, Instant earliest, Instant latest);
}
