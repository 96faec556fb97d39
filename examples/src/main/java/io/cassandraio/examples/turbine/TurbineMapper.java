package io.cassandraio.examples.turbine;

import com.datastax.oss.driver.api.mapper.annotations.DaoFactory;
import com.datastax.oss.driver.api.mapper.annotations.DaoKeyspace;
import com.datastax.oss.driver.api.mapper.annotations.Mapper;

/** Driver-4 mapper; the annotation processor generates {@code TurbineMapperBuilder}. */
@Mapper
public interface TurbineMapper {
  @DaoFactory
  TurbineDao turbineDao(@DaoKeyspace String keyspace);
}
