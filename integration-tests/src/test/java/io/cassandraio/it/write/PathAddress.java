package io.cassandraio.it.write;

import com.datastax.oss.driver.api.mapper.annotations.CqlName;
import com.datastax.oss.driver.api.mapper.annotations.Entity;
import java.io.Serializable;
import java.util.Objects;

/** The UDT {@code address (street text, zip int)} of {@link PathItem}, as a mapper entity. */
@Entity
@CqlName("address")
public class PathAddress implements Serializable {
  private static final long serialVersionUID = 1L;
  private String street;
  private int zip;

  public PathAddress() {}

  public PathAddress(String street, int zip) {
    this.street = street;
    this.zip = zip;
  }

  public String getStreet() {
    return street;
  }

  public void setStreet(String street) {
    this.street = street;
  }

  public int getZip() {
    return zip;
  }

  public void setZip(int zip) {
    this.zip = zip;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathAddress a && Objects.equals(street, a.street) && zip == a.zip;
  }

  @Override
  public int hashCode() {
    return Objects.hash(street, zip);
  }

  @Override
  public String toString() {
    return "{street=" + street + ", zip=" + zip + "}";
  }
}
