package io.tierwise.eval;

import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.ScoredPrompts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cost-quality points a {@link PolicyFamily} reaches on a split, one per swept parameter.
 *
 * <p>{@code OperatingCurve.sweep(new PolicyFamily.Utility(), test, 201)}
 *
 * @param parameterName the family's parameter, e.g. {@code lambda}
 * @param parameters the swept values, least spending first
 * @param points the point reached at each value, aligned with {@code parameters}
 */
public record OperatingCurve(
    String parameterName, List<Double> parameters, List<CurvePoint> points) {

  public OperatingCurve {
    Objects.requireNonNull(parameterName, "parameterName");
    parameters = List.copyOf(parameters);
    points = List.copyOf(points);
    if (parameters.size() != points.size()) {
      throw new IllegalArgumentException(
          "need one parameter per point, got "
              + parameters.size()
              + " parameters for "
              + points.size()
              + " points");
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a curve needs at least one point");
    }
  }

  /**
   * Routes every prompt of {@code data} with {@code family} at each value of its grid for {@code
   * data} and records the true mean cost and quality reached.
   *
   * @param gridSize the most parameter values to sweep, at least 2
   */
  public static OperatingCurve sweep(PolicyFamily family, ScoredPrompts data, int gridSize) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(data, "data");
    double[] grid = family.grid(data, gridSize);
    List<Double> parameters = new ArrayList<>(grid.length);
    List<CurvePoint> points = new ArrayList<>(grid.length);
    for (double x : grid) {
      parameters.add(x);
      points.add(CurvePoint.of(data, data.choices(family.policyAt(x))));
    }
    return new OperatingCurve(family.parameterName(), parameters, points);
  }
}
