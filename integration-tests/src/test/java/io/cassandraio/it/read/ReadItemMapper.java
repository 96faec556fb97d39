package io.cassandraio.it.read;

import com.datastax.oss.driver.api.mapper.annotations.DaoFactory;
import com.datastax.oss.driver.api.mapper.annotations.Mapper;

/** Builds {@link ReadItemDao}s. */
@Mapper
public interface ReadItemMapper {
  @DaoFactory
  ReadItemDao dao();
}
