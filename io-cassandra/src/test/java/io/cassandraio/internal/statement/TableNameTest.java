package io.cassandraio.internal.statement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** {@code table} or {@code keyspace.table}, as every option that names a table takes it. */
public class TableNameTest {
  private static final String OPTION = "withRows";

  private static String rejected(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableName.parse(OPTION, text));
    assertTrue("names the option: " + e.getMessage(), e.getMessage().startsWith(OPTION));
    return e.getMessage();
  }

  @Test
  public void aBareTableHasNoKeyspace() {
    TableName name = TableName.parse(OPTION, "readings");
    assertNull(name.keyspace());
    assertEquals("readings", name.table());
    assertEquals("readings", name.qualified());
    assertEquals("readings", name.toString());
  }

  @Test
  public void keyspaceDotTable() {
    TableName name = TableName.parse(OPTION, "metrics.readings_2");
    assertEquals("metrics", name.keyspace());
    assertEquals("readings_2", name.table());
    assertEquals("metrics.readings_2", name.qualified());
    assertEquals(new TableName("metrics", "readings_2"), name);
  }

  @Test
  public void aDefaultKeyspaceFillsOnlyAMissingOne() {
    assertEquals(new TableName("ks", "t"), TableName.parse(OPTION, "t").orKeyspace("ks"));
    assertEquals(new TableName("own", "t"), TableName.parse(OPTION, "own.t").orKeyspace("ks"));
    assertEquals(new TableName(null, "t"), TableName.parse(OPTION, "t").orKeyspace(null));
  }

  @Test
  public void namesOfUpTo48CharactersAreCqlNames() {
    String longest = "t" + "x".repeat(47);
    assertEquals(longest, TableName.parse(OPTION, "ks." + longest).table());
    String message = rejected("ks." + longest + "x");
    assertTrue(message, message.contains("the table '" + longest + "x'"));
  }

  @Test
  public void aMissingNameIsRejectedNamingTheOption() {
    for (String missing : new String[] {null, "", "   "}) {
      String message = rejected(missing);
      assertTrue(message, message.contains("needs a table name (table or keyspace.table)"));
    }
  }

  @Test
  public void aBadKeyspaceOrTableIsRejectedNamingThePartAndTheText() {
    String message = rejected("1ks.t");
    assertEquals("withRows(\"1ks.t\"): the keyspace '1ks' is not a CQL name (a letter, then up to 47 letters, "
        + "digits or _, or a double-quoted name; write keyspace.table)", message);
    assertTrue(rejected("ks.t-1").contains("the table 't-1'"));
    assertTrue(rejected(".t").contains("the keyspace ''"));
    assertTrue(rejected("ks.").contains("the table ''"));
    assertTrue("one dot only", rejected("a.b.c").contains("the table 'b.c'"));
    assertTrue(rejected("ks.\"Quoted").contains("the table '\"Quoted'"));
    assertTrue(rejected("my table").contains("the table 'my table'"));
  }

  @Test
  public void theMessageNamesWhicheverOptionAsked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableName.parse("ExactlyOnce.withCheckpointTable", "bad-name"));
    assertTrue(e.getMessage(), e.getMessage().startsWith("ExactlyOnce.withCheckpointTable(\"bad-name\")"));
  }

  @Test
  public void metadataIdsAreLowerCaseInternalFormsEvenForReservedWords() {
    TableName name = TableName.parse("withRows", "Shop.Order");
    assertEquals("shop", name.keyspaceId().asInternal());
    assertEquals("order", name.tableId().asInternal());
    assertEquals("\"order\"", name.tableId().asCql(true));
  }

  @Test
  public void quotedNamesKeepTheirCaseAndMayHoldDots() {
    TableName name = TableName.parse("withRows", "\"My.Ks\".\"Readings\"");
    assertEquals("My.Ks", name.keyspaceId().asInternal());
    assertEquals("Readings", name.tableId().asInternal());
    assertEquals("\"My.Ks\".\"Readings\"", name.qualified());
  }
}
