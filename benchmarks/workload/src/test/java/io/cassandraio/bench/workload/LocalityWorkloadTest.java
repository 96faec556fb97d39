package io.cassandraio.bench.workload;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class LocalityWorkloadTest {
  @Test
  public void sameSeedSameRows() {
    assertEquals(new LocalityWorkload(2500, 0.4, 7).all(), new LocalityWorkload(2500, 0.4, 7).all());
    assertNotEquals(new LocalityWorkload(2500, 0.4, 7).all(), new LocalityWorkload(2500, 0.4, 8).all());
  }

  @Test
  public void measuredLocalityIsCloseToTheRequestedOne() {
    for (double l : new double[] {0, 0.2, 0.4, 0.6, 0.8}) {
      LocalityWorkload w = new LocalityWorkload(20_000, l, 1);
      for (long r = 0; r < w.runs(); r++) {
        double measured = LocalityWorkload.measuredLocality(w.run(r));
        assertTrue("L=" + l + " run " + r + " measured " + measured, Math.abs(measured - l) < 0.06);
      }
    }
  }

  @Test
  public void runsNeverShareAPartitionAndTimestampsAreUnique() {
    LocalityWorkload w = new LocalityWorkload(3500, 0.8, 3);
    List<Event> all = w.all();
    assertEquals(3500, all.size());
    Set<String> keys = new HashSet<>();
    for (long r = 0; r < w.runs(); r++) {
      Set<String> runKeys = new HashSet<>();
      w.run(r).forEach(e -> runKeys.add(e.sensorId()));
      for (String k : runKeys) {
        assertTrue("partition " + k + " reused across runs", keys.add(k));
      }
    }
    assertEquals(3500, all.stream().map(Event::ts).distinct().count());
    assertEquals(LocalityWorkload.PAYLOAD_BYTES, all.get(0).payload().length());
  }
}
