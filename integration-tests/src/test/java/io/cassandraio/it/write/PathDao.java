package io.cassandraio.it.write;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.mapper.annotations.Dao;
import com.datastax.oss.driver.api.mapper.annotations.Insert;

/** The entity path's DAO: an insert that returns the statement instead of running it. */
@Dao
public interface PathDao {
  @Insert
  BoundStatement save(PathItem item);
}
