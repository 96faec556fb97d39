package io.cassandraio.internal.read;

import static org.junit.Assert.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.Test;

/** A failing row is named by its primary key as CQL literals, or by all its columns without one. */
public class RowNamesTest {
  private static final List<CqlIdentifier> KEY = List.of(CqlIdentifier.fromInternal("Tenant"),
      CqlIdentifier.fromInternal("seq"));

  /** A driver row of these (name, type, value) columns, values encoded by the driver's codecs. */
  private static Row row(Object... nameTypeValue) {
    int n = nameTypeValue.length / 3;
    ColumnDefinitions defs = mock(ColumnDefinitions.class);
    when(defs.size()).thenReturn(n);
    when(defs.firstIndexOf(any(CqlIdentifier.class))).thenAnswer(inv -> {
      for (int i = 0; i < n; i++) {
        if (CqlIdentifier.fromInternal((String) nameTypeValue[3 * i]).equals(inv.getArgument(0))) {
          return i;
        }
      }
      return -1;
    });
    when(defs.get(anyInt())).thenAnswer(inv -> {
      int i = inv.<Integer>getArgument(0);
      ColumnDefinition def = mock(ColumnDefinition.class);
      when(def.getName()).thenReturn(CqlIdentifier.fromInternal((String) nameTypeValue[3 * i]));
      return def;
    });
    Row row = mock(Row.class);
    when(row.getColumnDefinitions()).thenReturn(defs);
    when(row.codecRegistry()).thenReturn(CodecRegistry.DEFAULT);
    when(row.protocolVersion()).thenReturn(ProtocolVersion.DEFAULT);
    when(row.getType(anyInt())).thenAnswer(inv -> (DataType) nameTypeValue[3 * inv.<Integer>getArgument(0) + 1]);
    when(row.getBytesUnsafe(anyInt())).thenAnswer(inv -> {
      int i = inv.<Integer>getArgument(0);
      Object value = nameTypeValue[3 * i + 2];
      return value == null ? null
          : CodecRegistry.DEFAULT.codecFor((DataType) nameTypeValue[3 * i + 1]).encode(value, ProtocolVersion.DEFAULT);
    });
    return row;
  }

  @Test
  public void aRowIsNamedByThePrimaryKeyColumnsItHolds() {
    Row row = row("payload", DataTypes.TEXT, "p", "seq", DataTypes.INT, 7, "Tenant", DataTypes.TEXT, "it's");
    assertEquals("\"Tenant\"='it''s', seq=7", RowNames.of(row, KEY));
  }

  @Test
  public void withoutKeyColumnsEveryColumnNamesIt() {
    Row row = row("payload", DataTypes.TEXT, "p", "n", DataTypes.BIGINT, null);
    assertEquals("payload='p', n=null", RowNames.of(row, KEY));
  }

  @Test
  public void longAndUndecodableValuesDoNotHideTheRow() {
    Row row = row("seq", DataTypes.TEXT, "x".repeat(500));
    assertEquals("seq='" + "x".repeat(RowNames.MAX_VALUE_CHARS - 1) + "...", RowNames.of(row, KEY));
    Row odd = row("seq", DataTypes.INT, 1);
    when(odd.getBytesUnsafe(0)).thenReturn(ByteBuffer.wrap(new byte[] {1, 2}));
    assertEquals("seq=<undecodable: Invalid 32-bits integer value, expecting 4 bytes but got 2>", RowNames.of(odd, KEY));
  }
}
