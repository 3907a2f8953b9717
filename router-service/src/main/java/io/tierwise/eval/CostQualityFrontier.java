package io.tierwise.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The non-decreasing concave frontier of a set of (cost, quality) points: the best quality
 * reachable at each cost by randomly mixing the points' policies, never falling as cost grows
 * (paying more may always be wasted, so quality cannot drop).
 */
final class CostQualityFrontier {

  private final double[] x;
  private final double[] y;

  private CostQualityFrontier(double[] x, double[] y) {
    this.x = x;
    this.y = y;
  }

  /**
   * The frontier of {@code points}, each {@code {cost, quality}}.
   *
   * @throws IllegalArgumentException if {@code points} is empty
   */
  static CostQualityFrontier of(List<double[]> points) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a frontier needs at least one point");
    }
    List<double[]> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
    // Andrew's monotone chain, upper half: drop a vertex unless the turn through it is clockwise.
    List<double[]> hull = new ArrayList<>();
    for (double[] p : sorted) {
      while (hull.size() >= 2
          && cross(hull.get(hull.size() - 2), hull.get(hull.size() - 1), p) >= 0) {
        hull.remove(hull.size() - 1);
      }
      hull.add(p);
    }
    double[] x = new double[hull.size()];
    double[] y = new double[hull.size()];
    double runningMax = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < hull.size(); k++) {
      x[k] = hull.get(k)[0];
      // The upper hull is concave, so after its peak it only falls; the running max flattens that
      // tail, and linear interpolation between the adjusted vertices stays exact.
      runningMax = Math.max(runningMax, hull.get(k)[1]);
      y[k] = runningMax;
    }
    return new CostQualityFrontier(x, y);
  }

  private static double cross(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  /** Frontier vertices' costs, ascending. */
  double[] costs() {
    return x.clone();
  }

  /** Frontier vertices' qualities, non-decreasing. */
  double[] qualities() {
    return y.clone();
  }

  /** Vertex indices up to and including the first one with the frontier's top quality. */
  int risingVertices() {
    int k = 0;
    while (k + 1 < y.length && y[k + 1] > y[k]) {
      k++;
    }
    return k + 1;
  }

  /**
   * The area under the frontier between {@code from} and {@code to}, by the trapezoid rule over its
   * vertices (exact for a piecewise-linear curve). Outside its vertices the frontier is taken as
   * flat at the end values.
   */
  double area(double from, double to) {
    if (!(to > from)) {
      throw new IllegalArgumentException("need from < to, got: " + from + ", " + to);
    }
    double[] breaks = Arrays.stream(x).filter(v -> v > from && v < to).toArray();
    double area = 0.0;
    double prevX = from;
    double prevY = valueAt(from);
    for (double b : breaks) {
      double v = valueAt(b);
      area += (b - prevX) * (prevY + v) / 2.0;
      prevX = b;
      prevY = v;
    }
    area += (to - prevX) * (prevY + valueAt(to)) / 2.0;
    return area;
  }

  /** The frontier's quality at {@code cost}: linear between vertices, flat beyond the ends. */
  double valueAt(double cost) {
    if (cost <= x[0]) {
      return cost < x[0] ? y[0] : maxAt(0);
    }
    if (cost >= x[x.length - 1]) {
      return y[y.length - 1];
    }
    int k = 0;
    while (x[k + 1] < cost) {
      k++;
    }
    if (x[k + 1] == cost) {
      return maxAt(k + 1);
    }
    return y[k] + (y[k + 1] - y[k]) * (cost - x[k]) / (x[k + 1] - x[k]);
  }

  /** Largest vertex quality at exactly the cost of vertex {@code k} (vertical hull edges). */
  private double maxAt(int k) {
    double v = y[k];
    for (int j = k + 1; j < x.length && x[j] == x[k]; j++) {
      v = Math.max(v, y[j]);
    }
    return v;
  }
}
