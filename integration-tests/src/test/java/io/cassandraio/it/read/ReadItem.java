package io.cassandraio.it.read;

import com.datastax.oss.driver.api.mapper.annotations.Entity;
import com.datastax.oss.driver.api.mapper.annotations.PartitionKey;
import java.io.Serializable;
import java.util.Objects;

/** A row of {@code ReadIT}'s {@code items} table as a mapper entity, for {@code read().withEntity}. */
@Entity
public class ReadItem implements Serializable {
  private static final long serialVersionUID = 1L;
  @PartitionKey private Long k;
  private String name;
  private Integer qty;

  public ReadItem() {}

  public ReadItem(Long k, String name, Integer qty) {
    this.k = k;
    this.name = name;
    this.qty = qty;
  }

  public Long getK() { return k; }
  public void setK(Long k) { this.k = k; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Integer getQty() { return qty; }
  public void setQty(Integer qty) { this.qty = qty; }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadItem i && Objects.equals(k, i.k) && Objects.equals(name, i.name) && Objects.equals(qty, i.qty);
  }

  @Override
  public int hashCode() {
    return Objects.hash(k, name, qty);
  }

  @Override
  public String toString() {
    return "ReadItem{" + k + ", " + name + ", " + qty + "}";
  }
}
