package io.cassandraio.it.write;

import com.datastax.oss.driver.api.mapper.annotations.DaoFactory;
import com.datastax.oss.driver.api.mapper.annotations.DaoTable;
import com.datastax.oss.driver.api.mapper.annotations.Mapper;

/** Builds {@link NullItemDao}s for a table of the session's keyspace. */
@Mapper
public interface NullItemMapper {
  @DaoFactory
  NullItemDao nullItemDao(@DaoTable String table);
}
