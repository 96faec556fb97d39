package io.cassandraio.it.write;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.mapper.annotations.Dao;
import com.datastax.oss.driver.api.mapper.annotations.DefaultNullSavingStrategy;
import com.datastax.oss.driver.api.mapper.annotations.Insert;
import com.datastax.oss.driver.api.mapper.entity.saving.NullSavingStrategy;

/**
 * Binds null properties as nulls (SET_TO_NULL), so that what becomes of them is up to the
 * writer's {@code withNullHandling}. (With the mapper's default DO_NOT_SET the DAO itself leaves
 * them unset and the writer never sees a null.)
 */
@Dao
@DefaultNullSavingStrategy(NullSavingStrategy.SET_TO_NULL)
public interface NullItemDao {
  @Insert
  BoundStatement save(NullItem item);
}
