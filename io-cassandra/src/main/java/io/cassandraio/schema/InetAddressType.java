package io.cassandraio.schema;

import io.cassandraio.internal.schema.InetLiterals;
import java.net.InetAddress;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * A CQL {@code inet} as a Beam logical type: a {@link InetAddress}, stored as its address literal
 * ({@code "10.0.0.1"}, {@code "::1"}; IPv6 in the short form of RFC 5952). Converting never
 * looks a name up in DNS: a base value that is not an address literal is refused.
 */
public final class InetAddressType implements Schema.LogicalType<InetAddress, String> {
  private static final long serialVersionUID = 1L;
  public static final String IDENTIFIER = "cassandraio:inet_address:v1";

  /** The type; all instances are equal. */
  public static InetAddressType of() {
    return new InetAddressType();
  }

  /** {@code FieldType.logicalType(InetAddressType.of())}. */
  public static FieldType fieldType() {
    return FieldType.logicalType(of());
  }

  @Override
  public String getIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public FieldType getArgumentType() {
    return null;
  }

  @Override
  public FieldType getBaseType() {
    return FieldType.STRING;
  }

  @Override
  public String toBaseType(InetAddress input) {
    return InetLiterals.format(input);
  }

  @Override
  public InetAddress toInputType(String base) {
    return InetLiterals.parse(base);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InetAddressType;
  }

  @Override
  public int hashCode() {
    return IDENTIFIER.hashCode();
  }

  @Override
  public String toString() {
    return "InetAddressType";
  }
}
