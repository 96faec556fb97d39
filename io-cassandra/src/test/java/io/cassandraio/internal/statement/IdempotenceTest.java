package io.cassandraio.internal.statement;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class IdempotenceTest {
  private static void check(boolean expected, String cql) {
    assertEquals(cql, expected, Idempotence.isIdempotent(cql));
  }

  @Test
  public void upsertsAndDeletesAreIdempotent() {
    check(true, "INSERT INTO ks.t (k, v) VALUES (?, ?)");
    check(true, "INSERT INTO ks.t (k, v) VALUES (?, ?) USING TTL ?");
    check(true, "UPDATE ks.t SET v = ? WHERE k = ?");
    check(true, "UPDATE ks.t SET v = ?, w = ? WHERE k = ?");
    check(true, "DELETE FROM ks.t WHERE k = ?");
    check(true, "UPDATE ks.t SET s = {'a'} WHERE k = ?");
    check(true, "INSERT INTO ks.t (k, v) VALUES (?, 'IF NOT EXISTS')"); // inside a string literal
  }

  @Test
  public void countersAndListAppendsAreNot() {
    check(false, "UPDATE ks.c SET n = n + ? WHERE k = ?");
    check(false, "UPDATE ks.c SET n = n - 1 WHERE k = ?");
    check(false, "update ks.t set l = l + ? where k = ?");
    check(false, "UPDATE ks.t SET \"L\" = \"L\" + ? WHERE k = ?");
    check(false, "UPDATE ks.t SET l = ? + l WHERE k = ?");
    check(false, "UPDATE ks.t SET l = [1] + l WHERE k = ?");
  }

  @Test
  public void lightweightTransactionsAreNot() {
    check(false, "INSERT INTO ks.t (k, v) VALUES (?, ?) IF NOT EXISTS");
    check(false, "UPDATE ks.t SET v = ? WHERE k = ? IF v = ?");
    check(false, "DELETE FROM ks.t WHERE k = ? IF EXISTS");
    assertEquals(true, Idempotence.isConditional("DELETE FROM ks.t WHERE k = ? if exists"));
  }
}
