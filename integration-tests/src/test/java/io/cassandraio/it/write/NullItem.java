package io.cassandraio.it.write;

import com.datastax.oss.driver.api.mapper.annotations.ClusteringColumn;
import com.datastax.oss.driver.api.mapper.annotations.Entity;
import com.datastax.oss.driver.api.mapper.annotations.PartitionKey;
import java.io.Serializable;

/** A row of {@code NullHandlingIT}: {@code a} and {@code b} may be null, {@code d} never is. */
@Entity
public class NullItem implements Serializable {
  private static final long serialVersionUID = 1L;
  @PartitionKey private String k;
  @ClusteringColumn private int c;
  private String a;
  private Integer b;
  private String d;

  public NullItem() {}

  public NullItem(String k, int c, String a, Integer b, String d) {
    this.k = k;
    this.c = c;
    this.a = a;
    this.b = b;
    this.d = d;
  }

  public String getK() { return k; }
  public void setK(String k) { this.k = k; }
  public int getC() { return c; }
  public void setC(int c) { this.c = c; }
  public String getA() { return a; }
  public void setA(String a) { this.a = a; }
  public Integer getB() { return b; }
  public void setB(Integer b) { this.b = b; }
  public String getD() { return d; }
  public void setD(String d) { this.d = d; }

  @Override
  public boolean equals(Object o) {
    return o instanceof NullItem n && java.util.Objects.equals(k, n.k) && c == n.c
        && java.util.Objects.equals(a, n.a) && java.util.Objects.equals(b, n.b) && java.util.Objects.equals(d, n.d);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(k, c, a, b, d);
  }

  @Override
  public String toString() {
    return "NullItem{" + k + "/" + c + " a=" + a + " b=" + b + " d=" + d + "}";
  }
}
