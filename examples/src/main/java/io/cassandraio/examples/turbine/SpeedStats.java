package io.cassandraio.examples.turbine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/** Count, sum, minimum and maximum of speeds: the accumulator and result of {@link Fn}. */
public record SpeedStats(long count, double sum, double min, double max) {
  static final SpeedStats EMPTY = new SpeedStats(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);

  public double average() {
    return count == 0 ? Double.NaN : sum / count;
  }

  SpeedStats add(double speed) {
    return new SpeedStats(count + 1, sum + speed, Math.min(min, speed), Math.max(max, speed));
  }

  SpeedStats merge(SpeedStats other) {
    return new SpeedStats(count + other.count, sum + other.sum, Math.min(min, other.min), Math.max(max, other.max));
  }

  /** Min, max and average of a window's speeds, combinable in any order (Beam lifts it). */
  public static final class Fn extends Combine.CombineFn<Double, SpeedStats, SpeedStats> {
    private static final long serialVersionUID = 1L;

    @Override
    public SpeedStats createAccumulator() {
      return EMPTY;
    }

    @Override
    public SpeedStats addInput(SpeedStats acc, Double speed) {
      return acc.add(speed);
    }

    @Override
    public SpeedStats mergeAccumulators(Iterable<SpeedStats> accs) {
      SpeedStats merged = EMPTY;
      for (SpeedStats a : accs) {
        merged = merged.merge(a);
      }
      return merged;
    }

    @Override
    public SpeedStats extractOutput(SpeedStats acc) {
      return acc;
    }

    @Override
    public Coder<SpeedStats> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<Double> inputCoder) {
      return CODER;
    }

    @Override
    public Coder<SpeedStats> getDefaultOutputCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<Double> inputCoder) {
      return CODER;
    }
  }

  public static final Coder<SpeedStats> CODER = new AtomicCoder<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(SpeedStats s, OutputStream out) throws IOException {
      VarLongCoder.of().encode(s.count(), out);
      DoubleCoder.of().encode(s.sum(), out);
      DoubleCoder.of().encode(s.min(), out);
      DoubleCoder.of().encode(s.max(), out);
    }

    @Override
    public SpeedStats decode(InputStream in) throws IOException {
      return new SpeedStats(VarLongCoder.of().decode(in), DoubleCoder.of().decode(in),
          DoubleCoder.of().decode(in), DoubleCoder.of().decode(in));
    }
  };
}
