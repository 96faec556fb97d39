package io.cassandraio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.util.List;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

/**
 * {@link CassandraConnection#forAmazonKeyspaces} as a user sees it, and the write options
 * Amazon Keyspaces refuses, refused at construction. (The driver settings the preset makes are
 * checked in {@code SessionFactoryKeyspacesTest}; none of this can reach AWS from here.)
 */
public class AmazonKeyspacesPresetTest {
  private static final CassandraConnection KEYSPACES = CassandraConnection.forAmazonKeyspaces("us-east-1")
      .withKeyspace("sensor_data");

  private static CassandraIO.Write<String> write(CassandraConnection connection) {
    return CassandraIO.<String>write().withConnection(connection)
        .withStatement("INSERT INTO t (k) VALUES (?)", (e, b) -> b.setString(0, e).build());
  }

  private static String displayed(CassandraIO.Write<String> write, String key) {
    return DisplayData.from(write).items().stream().filter(i -> i.getKey().equals(key))
        .map(i -> String.valueOf(i.getValue())).findFirst().orElse(null);
  }

  @Test
  public void theRegionsEndpointOnPort9142WithTheRegionAsLocalDatacenter() {
    assertEquals(List.of("cassandra.us-east-1.amazonaws.com:9142"), KEYSPACES.contactPoints());
    assertEquals("us-east-1", KEYSPACES.localDatacenter());
    assertEquals("us-east-1", KEYSPACES.amazonKeyspacesRegion());
    assertEquals("sensor_data", KEYSPACES.keyspace());
    assertEquals(List.of("cassandra.cn-north-1.amazonaws.com.cn:9142"),
        CassandraConnection.forAmazonKeyspaces("cn-north-1").contactPoints());
    assertNull(CassandraConnection.create().amazonKeyspacesRegion());
  }

  @Test
  public void aBadRegionIsRefusedNamingTheMethod() {
    for (String bad : new String[] {"", "US-EAST-1", "us-east", "cassandra.us-east-1.amazonaws.com"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CassandraConnection.forAmazonKeyspaces(bad));
      assertEquals("CassandraConnection.forAmazonKeyspaces needs an AWS Region name such as \"us-east-1\", was \""
          + bad + "\"", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> CassandraConnection.forAmazonKeyspaces(null));
  }

  @Test
  public void validWithTheSigV4PluginOnTheClasspathOrWithServiceSpecificCredentials() {
    KEYSPACES.validate(); // the plugin is this module's optional dependency, so it is on the test classpath
    KEYSPACES.withCredentials("alice-at-111122223333", "service-password").validate();
  }

  @Test
  public void presetSettingsCanStillBeChanged() {
    CassandraConnection vpc = KEYSPACES.withContactPoints("vpce-0123.cassandra.us-east-1.vpce.amazonaws.com:9142");
    assertEquals(List.of("vpce-0123.cassandra.us-east-1.vpce.amazonaws.com:9142"), vpc.contactPoints());
    assertEquals("us-east-1", vpc.amazonKeyspacesRegion());
  }

  @Test
  public void theRegionIsInDisplayDataAndEqualityAndSurvivesSerialization() {
    DisplayData data = DisplayData.from(KEYSPACES.spec()::populateDisplayData);
    assertTrue(data.toString(), data.toString().contains("amazonKeyspacesRegion=us-east-1"));
    CassandraConnection sameEndpointNoPreset = CassandraConnection.create()
        .withContactPoints("cassandra.us-east-1.amazonaws.com:9142").withLocalDatacenter("us-east-1")
        .withKeyspace("sensor_data");
    assertNotEquals("different driver settings", sameEndpointNoPreset, KEYSPACES);
    assertEquals(KEYSPACES, SerializableUtils.clone(KEYSPACES));
  }

  @Test
  public void batchesAreCappedAt30StatementsOnKeyspacesOnly() {
    assertEquals("30", displayed(write(KEYSPACES), "maxBatchRows"));
    assertEquals("32", displayed(write(CassandraConnection.create().withContactPoints("h").withLocalDatacenter("dc")),
        "maxBatchRows"));
    assertEquals("a lower limit stays", "20", displayed(write(KEYSPACES).withMaxBatchRows(20), "maxBatchRows"));
    // A byte limit set before the connection carries the default row limit: capped, not refused.
    CassandraIO.Write<String> bytesFirst = CassandraIO.<String>write().withMaxBatchBytes(2048)
        .withConnection(KEYSPACES).withStatement("INSERT INTO t (k) VALUES (?)", (e, b) -> b.setString(0, e).build());
    bytesFirst.validate(null);
    assertEquals("30", displayed(bytesFirst, "maxBatchRows"));
  }

  @Test
  public void moreThan30RowsPerBatchIsRefusedNamingTheLimit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> write(KEYSPACES).withMaxBatchRows(50).validate(null));
    assertEquals("withMaxBatchRows(50) exceeds the 30 statements per batch that Amazon Keyspaces (the connection "
        + "is CassandraConnection.forAmazonKeyspaces(\"us-east-1\")) accepts", e.getMessage());
  }

  @Test
  public void writesAtAnotherLevelThanLocalQuorumAreRefused() {
    write(KEYSPACES).withConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM).validate(null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> write(KEYSPACES).withConsistencyLevel(DefaultConsistencyLevel.QUORUM).validate(null));
    assertEquals("withConsistencyLevel(QUORUM): Amazon Keyspaces (the connection is "
        + "CassandraConnection.forAmazonKeyspaces(\"us-east-1\")) acknowledges writes at LOCAL_QUORUM only; leave "
        + "it unset or set LOCAL_QUORUM", e.getMessage());
    IllegalArgumentException eo = assertThrows(IllegalArgumentException.class, () -> write(KEYSPACES)
        .withExactlyOnce(ExactlyOnce.sinkId("s").withConsistencyLevel(DefaultConsistencyLevel.ONE)).validate(null));
    assertTrue(eo.getMessage(), eo.getMessage().startsWith("ExactlyOnce.withConsistencyLevel(ONE): the checkpoint "
        + "table is written too, and Amazon Keyspaces"));
    write(KEYSPACES).withExactlyOnce(ExactlyOnce.sinkId("s")).validate(null); // its default is LOCAL_QUORUM
  }
}
