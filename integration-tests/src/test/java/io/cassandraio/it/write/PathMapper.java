package io.cassandraio.it.write;

import com.datastax.oss.driver.api.mapper.annotations.DaoFactory;
import com.datastax.oss.driver.api.mapper.annotations.DaoTable;
import com.datastax.oss.driver.api.mapper.annotations.Mapper;

/** Builds {@link PathDao}s for a table of the session's keyspace. */
@Mapper
public interface PathMapper {
  @DaoFactory
  PathDao pathDao(@DaoTable String table);
}
