package io.cassandraio.it.write;

import com.datastax.oss.driver.api.mapper.annotations.ClusteringColumn;
import com.datastax.oss.driver.api.mapper.annotations.Entity;
import com.datastax.oss.driver.api.mapper.annotations.PartitionKey;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code WritePathsIT}'s tables: every column type the write paths must carry
 * (text, bigint, double, timestamp, uuid, list, map, UDT) plus a clustering column. A mapper
 * entity for the entity path; the other paths bind or convert the same values.
 */
@Entity
public class PathItem implements Serializable {
  private static final long serialVersionUID = 1L;
  @PartitionKey private String id;
  @ClusteringColumn private int seq;
  private String name;
  private Long big;
  private Double ratio;
  private Instant at;
  private UUID uid;
  private List<String> tags;
  private Map<String, Integer> attrs;
  private PathAddress home;

  public PathItem() {}

  public PathItem(String id, int seq, String name, Long big, Double ratio, Instant at, UUID uid,
      List<String> tags, Map<String, Integer> attrs, PathAddress home) {
    this.id = id;
    this.seq = seq;
    this.name = name;
    this.big = big;
    this.ratio = ratio;
    this.at = at;
    this.uid = uid;
    this.tags = tags == null ? null : new ArrayList<>(tags);
    this.attrs = attrs == null ? null : new LinkedHashMap<>(attrs);
    this.home = home;
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public int getSeq() { return seq; }
  public void setSeq(int seq) { this.seq = seq; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Long getBig() { return big; }
  public void setBig(Long big) { this.big = big; }
  public Double getRatio() { return ratio; }
  public void setRatio(Double ratio) { this.ratio = ratio; }
  public Instant getAt() { return at; }
  public void setAt(Instant at) { this.at = at; }
  public UUID getUid() { return uid; }
  public void setUid(UUID uid) { this.uid = uid; }
  public List<String> getTags() { return tags; }
  public void setTags(List<String> tags) { this.tags = tags == null ? null : new ArrayList<>(tags); }
  public Map<String, Integer> getAttrs() { return attrs; }
  public void setAttrs(Map<String, Integer> attrs) { this.attrs = attrs == null ? null : new LinkedHashMap<>(attrs); }
  public PathAddress getHome() { return home; }
  public void setHome(PathAddress home) { this.home = home; }

  /** The key in the table: {@code id/seq}. */
  public String key() {
    return id + "/" + seq;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathItem p && Objects.equals(id, p.id) && seq == p.seq
        && Objects.equals(name, p.name) && Objects.equals(big, p.big) && Objects.equals(ratio, p.ratio)
        && Objects.equals(at, p.at) && Objects.equals(uid, p.uid) && Objects.equals(tags, p.tags)
        && Objects.equals(attrs, p.attrs) && Objects.equals(home, p.home);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, seq, name, big, ratio, at, uid, tags, attrs, home);
  }

  @Override
  public String toString() {
    return "PathItem{" + id + "/" + seq + " name=" + name + " big=" + big + " ratio=" + ratio + " at=" + at
        + " uid=" + uid + " tags=" + tags + " attrs=" + attrs + " home=" + home + "}";
  }
}
