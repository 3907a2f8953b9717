package io.tierwise.eval;

import io.tierwise.policy.ScoredPrompts;
import java.util.Objects;

/**
 * The hindsight router: per prompt, the cheapest tier among those with the prompt's best true
 * quality. An upper bound on quality and, at that quality, a lower bound on cost.
 *
 * <p>Qualities may be soft (judge scores scaled to [0, 1]): a tier counts as best when its quality
 * is within {@value #TIE_TOLERANCE} of the prompt's maximum. Among best tiers the one with the
 * lowest true cost on that prompt wins, then the lower index. When no tier answers well (all zero)
 * every tier ties and the cheapest is picked, as in RouterBench's oracle.
 *
 * <p>It is one point, not a curve: its AIQ is that of the hull through it and the end tiers, which
 * is not an upper bound for other curves (a router that first moves the prompts that are cheapest
 * to fix can rise above the straight line from the cheapest tier to the oracle point).
 */
public final class OracleBaseline {

  /** Qualities closer than this are the same grade (absorbs rounding in scaled scores). */
  public static final double TIE_TOLERANCE = 1e-9;

  private OracleBaseline() {}

  /** Per prompt, the index of the oracle's tier. */
  public static int[] choices(ScoredPrompts data) {
    Objects.requireNonNull(data, "data");
    int[] chosen = new int[data.prompts()];
    for (int i = 0; i < chosen.length; i++) {
      double max = 0.0;
      for (int t = 0; t < data.tiers(); t++) {
        max = Math.max(max, data.quality(i, t));
      }
      int best = -1;
      for (int t = 0; t < data.tiers(); t++) {
        if (data.quality(i, t) >= max - TIE_TOLERANCE
            && (best < 0 || data.trueCostUsd(i, t) < data.trueCostUsd(i, best))) {
          best = t;
        }
      }
      chosen[i] = best;
    }
    return chosen;
  }

  /** The oracle's operating point on {@code data}. */
  public static CurvePoint of(ScoredPrompts data) {
    return CurvePoint.of(data, choices(data));
  }
}
