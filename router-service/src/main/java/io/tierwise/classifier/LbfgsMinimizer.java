package io.tierwise.classifier;

import java.util.Objects;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., Algorithm 7.4)
 * with a strong-Wolfe / approximate-Wolfe line search; single-threaded, so results are bit-for-bit
 * reproducible.
 */
final class LbfgsMinimizer {

  /** Sufficient-decrease constant c1 and curvature constant c2 recommended for quasi-Newton. */
  private static final double C1 = 1e-4;

  private static final double C2 = 0.9;
  private static final int MAX_BRACKET_STEPS = 40;
  private static final int MAX_ZOOM_STEPS = 40;

  /**
   * How far above f(origin), relative to max(|f|, 1), an approximate-Wolfe step may end: well above
   * the rounding error of a sum of 20,000 loss terms (~1e-14), far below any real improvement.
   */
  private static final double APPROXIMATE_WOLFE_EPSILON = 1e-12;

  /**
   * @param memory number of correction pairs kept (Nocedal &amp; Wright suggest 5-20)
   * @param maxIterations iteration cap
   * @param gradientTolerance stop when the largest absolute gradient component is at most this
   */
  record Options(int memory, int maxIterations, double gradientTolerance) {
    Options {
      if (memory < 1) {
        throw new IllegalArgumentException("memory must be at least 1, got: " + memory);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException(
            "maxIterations must be at least 1, got: " + maxIterations);
      }
      if (!(gradientTolerance > 0)) {
        throw new IllegalArgumentException(
            "gradientTolerance must be > 0, got: " + gradientTolerance);
      }
    }
  }

  /** Why the minimiser stopped. */
  enum Stop {
    GRADIENT_TOLERANCE,
    MAX_ITERATIONS,
    LINE_SEARCH_FAILED
  }

  /**
   * @param x the final point
   * @param value f(x)
   * @param gradientNorm largest absolute gradient component at x
   * @param iterations accepted steps taken
   * @param evaluations function evaluations
   * @param stop why it stopped
   */
  record Result(
      double[] x, double value, double gradientNorm, int iterations, int evaluations, Stop stop) {
    boolean converged() {
      return stop == Stop.GRADIENT_TOLERANCE;
    }
  }

  private final Options options;

  LbfgsMinimizer(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  Result minimize(DifferentiableFunction f, double[] start) {
    int n = f.dimension();
    if (start.length != n) {
      throw new IllegalArgumentException(
          "start has " + start.length + " parameters, the function has " + n);
    }
    int m = options.memory();
    double[][] s = new double[m][n];
    double[][] y = new double[m][n];
    double[] rho = new double[m];
    double[] alpha = new double[m];
    int stored = 0;
    int newest = -1;

    double[] x = start.clone();
    double[] g = new double[n];
    double fx = f.valueAndGradient(x, g);
    if (!Double.isFinite(fx)) {
      throw new IllegalArgumentException("objective is not finite at the start point: " + fx);
    }
    LineSearch search = new LineSearch(f, n);
    double[] direction = new double[n];
    int evaluations = 1;
    double gNorm = maxAbs(g);
    if (gNorm <= options.gradientTolerance()) {
      return new Result(x, fx, gNorm, 0, evaluations, Stop.GRADIENT_TOLERANCE);
    }
    boolean retried = false;
    for (int iteration = 1; iteration <= options.maxIterations(); iteration++) {
      // Two-loop recursion: direction = -H g, with H0 = gamma I from the newest pair.
      for (int i = 0; i < n; i++) {
        direction[i] = -g[i];
      }
      for (int k = 0; k < stored; k++) {
        int idx = Math.floorMod(newest - k, m);
        alpha[idx] = rho[idx] * dot(s[idx], direction);
        axpy(-alpha[idx], y[idx], direction);
      }
      if (stored > 0) {
        scale(dot(s[newest], y[newest]) / dot(y[newest], y[newest]), direction);
      }
      for (int k = stored - 1; k >= 0; k--) {
        int idx = Math.floorMod(newest - k, m);
        double beta = rho[idx] * dot(y[idx], direction);
        axpy(alpha[idx] - beta, s[idx], direction);
      }
      double slope = dot(direction, g);
      if (!(slope < 0)) {
        // Not a descent direction (only possible through rounding): restart from steepest descent.
        stored = 0;
        for (int i = 0; i < n; i++) {
          direction[i] = -g[i];
        }
        slope = -dot(g, g);
      }
      // Without curvature pairs the direction is -g, whose length is arbitrary: a unit first step.
      double initialStep = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
      boolean accepted = search.run(x, fx, direction, slope, initialStep);
      evaluations += search.evaluations;
      if (!accepted) {
        if (stored > 0 && !retried) {
          stored = 0; // stale curvature pairs: retry this iteration once from steepest descent
          retried = true;
          iteration--;
          continue;
        }
        return new Result(x, fx, gNorm, iteration - 1, evaluations, Stop.LINE_SEARCH_FAILED);
      }
      retried = false;
      int next = (newest + 1) % m;
      double sy = 0;
      for (int i = 0; i < n; i++) {
        s[next][i] = search.x[i] - x[i];
        y[next][i] = search.g[i] - g[i];
        sy += s[next][i] * y[next][i];
      }
      System.arraycopy(search.x, 0, x, 0, n);
      System.arraycopy(search.g, 0, g, 0, n);
      fx = search.f;
      // The curvature condition guarantees sy > 0 in exact arithmetic; skip the pair if rounding
      // broke it, since it would make the inverse-Hessian estimate indefinite.
      if (sy > 1e-12 * Math.sqrt(dot(y[next], y[next]) * dot(s[next], s[next]))) {
        rho[next] = 1.0 / sy;
        newest = next;
        stored = Math.min(stored + 1, m);
      }
      gNorm = maxAbs(g);
      if (gNorm <= options.gradientTolerance()) {
        return new Result(x, fx, gNorm, iteration, evaluations, Stop.GRADIENT_TOLERANCE);
      }
    }
    return new Result(x, fx, gNorm, options.maxIterations(), evaluations, Stop.MAX_ITERATIONS);
  }

  /**
   * A line search for the strong Wolfe conditions, with Hager and Zhang's approximate Wolfe
   * conditions as the alternative (SIAM J. Optim. 16(1), 2005): near the optimum f changes by less
   * than its rounding error, so sufficient decrease is judged by the directional derivative and f
   * need only stay within epsilon of its start. Without that the search stalls about 1e-8 from the
   * optimum. The accepted point is left in {@link #x}, {@link #g}, {@link #f}.
   */
  private static final class LineSearch {
    private final DifferentiableFunction function;
    private final double[] x;
    private final double[] g;
    private double f;
    private double evaluatedStep;
    private int evaluations;

    private double[] origin;
    private double[] direction;
    private double f0;
    private double slope0;
    private double epsilon;

    LineSearch(DifferentiableFunction function, int n) {
      this.function = function;
      this.x = new double[n];
      this.g = new double[n];
    }

    /** Evaluates phi(step) = f(origin + step * direction), returning phi and storing phi'. */
    private double evaluate(double step) {
      for (int i = 0; i < x.length; i++) {
        x[i] = origin[i] + step * direction[i];
      }
      f = function.valueAndGradient(x, g);
      evaluatedStep = step;
      evaluations++;
      return f;
    }

    /** Strong Wolfe, or approximate Wolfe: f within epsilon of f0 plus the curvature condition. */
    private boolean acceptable(double step, double fStep, double slope) {
      boolean curvature = Math.abs(slope) <= -C2 * slope0;
      return curvature && (fStep <= f0 + C1 * step * slope0 || fStep <= f0 + epsilon);
    }

    boolean run(double[] origin, double f0, double[] direction, double slope0, double initialStep) {
      this.origin = origin;
      this.direction = direction;
      this.f0 = f0;
      this.slope0 = slope0;
      this.epsilon = APPROXIMATE_WOLFE_EPSILON * Math.max(1.0, Math.abs(f0));
      this.evaluations = 0;
      double lo = 0;
      double fLo = f0;
      double slopeLo = slope0;
      double step = initialStep;
      for (int i = 0; i < MAX_BRACKET_STEPS; i++) {
        double fStep = evaluate(step);
        double slope = Double.isFinite(fStep) ? dot(g, direction) : Double.NaN;
        if (Double.isFinite(fStep) && acceptable(step, fStep, slope)) {
          return true;
        }
        // Bracketed once the slope turns non-negative or f rises: a minimiser lies in (lo, step).
        if (!Double.isFinite(fStep) || slope >= 0 || fStep > f0 + epsilon) {
          return zoom(lo, fLo, slopeLo, step, fStep, slope);
        }
        lo = step;
        fLo = fStep;
        slopeLo = slope;
        step *= 2;
      }
      return false;
    }

    /**
     * Shrinks (lo, hi) keeping Hager and Zhang's invariant: phi'(lo) &lt; 0 and phi(lo) &lt;= f0 +
     * epsilon, while phi'(hi) &gt;= 0 or phi(hi) &gt; f0 + epsilon.
     */
    private boolean zoom(
        double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi) {
      for (int j = 0; j < MAX_ZOOM_STEPS; j++) {
        double step = interpolate(lo, fLo, slopeLo, hi, fHi, slopeHi);
        double fStep = evaluate(step);
        double slope = Double.isFinite(fStep) ? dot(g, direction) : Double.NaN;
        if (Double.isFinite(fStep) && acceptable(step, fStep, slope)) {
          return true;
        }
        if (!Double.isFinite(fStep) || slope >= 0 || fStep > f0 + epsilon) {
          hi = step;
          fHi = fStep;
          slopeHi = slope;
        } else {
          lo = step;
          fLo = fStep;
          slopeLo = slope;
        }
        if (Math.abs(hi - lo) <= 1e-16 * Math.max(1.0, Math.abs(lo))) {
          break;
        }
      }
      // No step met the conditions (rounding, or a pathological f). Accept lo if it lowered f at
      // all; L-BFGS guards the curvature pair separately.
      if (lo > 0 && fLo < f0) {
        if (evaluatedStep != lo) {
          evaluate(lo);
        }
        return true;
      }
      return false;
    }

    /**
     * Minimiser of the cubic through both ends (N&amp;W eq. 3.59), kept inside the middle 80% of
     * the bracket; bisection when the cubic is unavailable.
     */
    private static double interpolate(
        double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi) {
      double lower = Math.min(lo, hi);
      double width = Math.abs(hi - lo);
      double step = Double.NaN;
      if (Double.isFinite(fHi) && Double.isFinite(slopeHi)) {
        double d1 = slopeLo + slopeHi - 3 * (fLo - fHi) / (lo - hi);
        double radicand = d1 * d1 - slopeLo * slopeHi;
        if (radicand >= 0) {
          double d2 = Math.signum(hi - lo) * Math.sqrt(radicand);
          step = hi - (hi - lo) * (slopeHi + d2 - d1) / (slopeHi - slopeLo + 2 * d2);
        }
      }
      if (!Double.isFinite(step) || step < lower + 0.1 * width || step > lower + 0.9 * width) {
        step = 0.5 * (lo + hi);
      }
      return step;
    }
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static void scale(double a, double[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= a;
    }
  }

  private static double maxAbs(double[] a) {
    double max = 0;
    for (double v : a) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
