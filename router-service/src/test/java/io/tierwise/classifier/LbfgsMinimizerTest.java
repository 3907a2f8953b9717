package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsMinimizerTest {

  private static final LbfgsMinimizer.Options TIGHT = new LbfgsMinimizer.Options(10, 1_000, 1e-10);

  /** Rosenbrock's valley: curved and badly scaled, the classic line-search stress test. */
  private static final DifferentiableFunction ROSENBROCK =
      new DifferentiableFunction() {
        @Override
        public int dimension() {
          return 2;
        }

        @Override
        public double valueAndGradient(double[] x, double[] g) {
          double a = 1 - x[0];
          double b = x[1] - x[0] * x[0];
          g[0] = -2 * a - 400 * x[0] * b;
          g[1] = 200 * b;
          return a * a + 100 * b * b;
        }
      };

  @Test
  void findsTheRosenbrockMinimum() {
    LbfgsMinimizer.Result result =
        new LbfgsMinimizer(TIGHT).minimize(ROSENBROCK, new double[] {-1.2, 1.0});
    assertEquals(LbfgsMinimizer.Stop.GRADIENT_TOLERANCE, result.stop());
    assertArrayEquals(new double[] {1, 1}, result.x(), 1e-8);
    assertTrue(result.iterations() < 200, "took " + result.iterations() + " iterations");
  }

  @Test
  void solvesAnIllConditionedQuadraticExactly() {
    double[] scale = {1, 10, 100, 1_000};
    double[] centre = {3, -1, 0.5, 2};
    DifferentiableFunction quadratic =
        new DifferentiableFunction() {
          @Override
          public int dimension() {
            return 4;
          }

          @Override
          public double valueAndGradient(double[] x, double[] g) {
            double f = 0;
            for (int i = 0; i < 4; i++) {
              double d = x[i] - centre[i];
              f += 0.5 * scale[i] * d * d;
              g[i] = scale[i] * d;
            }
            return f;
          }
        };
    LbfgsMinimizer.Result result = new LbfgsMinimizer(TIGHT).minimize(quadratic, new double[4]);
    assertTrue(result.converged());
    assertArrayEquals(centre, result.x(), 1e-10);
  }

  @Test
  void backsOffFromStepsWhereTheObjectiveIsUndefined() {
    // f(x) = (x - 0.5)^2 is declared undefined (NaN) for x <= 0. The first step from 0.9 has unit
    // length and lands on -0.1, so the line search must shorten it rather than accept or fail.
    DifferentiableFunction guarded =
        new DifferentiableFunction() {
          @Override
          public int dimension() {
            return 1;
          }

          @Override
          public double valueAndGradient(double[] x, double[] g) {
            g[0] = 2 * (x[0] - 0.5);
            return x[0] > 0 ? (x[0] - 0.5) * (x[0] - 0.5) : Double.NaN;
          }
        };
    LbfgsMinimizer.Result result = new LbfgsMinimizer(TIGHT).minimize(guarded, new double[] {0.9});
    assertTrue(result.converged(), result.stop().toString());
    assertEquals(0.5, result.x()[0], 1e-9);
  }
}
