package io.tierwise.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingMetricsTest {

  /** Cheap tier at (1, 0.4), dear tier at (3, 0.8): normalised x = (cost - 1) / 2. */
  private static final List<SingleTierResult> TWO =
      List.of(new SingleTierResult("cheap", 1, 0.4), new SingleTierResult("dear", 3, 0.8));

  private static CurvePoint point(double cost, double quality) {
    return new CurvePoint(cost, quality, Map.of());
  }

  @Test
  void aiqOfTheStraightLineBetweenTheEndTiersIsTheirMeanQuality() {
    assertEquals(0.6, RoutingMetrics.aiq(List.of(point(2, 0.6)), TWO), 1e-12);
    assertEquals(0.6, RoutingMetrics.aiq(List.of(point(1.5, 0.5), point(2.5, 0.7)), TWO), 1e-12);
  }

  @Test
  void aiqIgnoresPointsBelowTheHull() {
    assertEquals(0.6, RoutingMetrics.aiq(List.of(point(2, 0.5)), TWO), 1e-12);
    assertEquals(
        RoutingMetrics.aiq(List.of(point(2, 0.7)), TWO),
        RoutingMetrics.aiq(List.of(point(2, 0.7), point(1.5, 0.5), point(2.5, 0.7)), TWO),
        1e-12);
  }

  @Test
  void aiqRisesWithAPointAboveTheLine() {
    // Hull (0, 0.4), (0.5, 0.7), (1, 0.8): 0.5 * 1.1 / 2 + 0.5 * 1.5 / 2 = 0.65.
    assertEquals(0.65, RoutingMetrics.aiq(List.of(point(2, 0.7)), TWO), 1e-12);
  }

  @Test
  void aiqKeepsTheFrontierFlatAfterItsPeak() {
    // Hull (0, 0.4), (0.5, 0.9), (1, 0.8) falls after 0.5; non-decreasing: flat at 0.9.
    // 0.5 * 1.3 / 2 + 0.5 * 0.9 = 0.775.
    assertEquals(0.775, RoutingMetrics.aiq(List.of(point(2, 0.9)), TWO), 1e-12);
  }

  @Test
  void aiqLetsPointsOutsideTheCostRangeShapeTheHullInside() {
    // A free point (x = -0.5, 0.6): hull (-0.5, 0.6) to (1, 0.8) lies above the cheap tier,
    // worth 0.6 + 0.2 / 3 = 0.6667 at x = 0; area over [0, 1] = (0.6667 + 0.8) / 2.
    assertEquals((0.6 + 0.2 / 3 + 0.8) / 2, RoutingMetrics.aiq(List.of(point(0, 0.6)), TWO), 1e-12);
  }

  @Test
  void aiqUsesOnlyTheEndTiersNotTheMiddleOnes() {
    var three =
        List.of(
            new SingleTierResult("cheap", 1, 0.4),
            new SingleTierResult("mid", 2, 0.9),
            new SingleTierResult("dear", 3, 0.8));
    assertEquals(0.6, RoutingMetrics.aiq(List.of(point(2, 0.6)), three), 1e-12);
  }

  @Test
  void aiqIsUndefinedWhenAllTiersCostTheSame() {
    var same = List.of(new SingleTierResult("a", 1, 0.4), new SingleTierResult("b", 1, 0.8));
    assertTrue(Double.isNaN(RoutingMetrics.aiq(List.of(point(1, 0.6)), same)));
  }

  @Test
  void costToMatchTheBestTierIsTheCheapestPointThatDoes() {
    List<CurvePoint> curve =
        List.of(point(2.8, 0.85), point(1.5, 0.75), point(2.0, 0.78), point(2.5, 0.8));
    RoutingMetrics m = RoutingMetrics.of(curve, TWO);
    assertEquals("dear", m.bestSingleTier());
    assertEquals(2.5, m.costToMatchBestUsd());
    assertEquals(2.5 / 3, m.costToMatchBestFraction(), 1e-12);
    // 97% of 0.8 = 0.776.
    assertEquals(2.0, m.costToReach97Usd());
    assertEquals(2.0 / 3, m.costToReach97Fraction(), 1e-12);
    assertTrue(m.routeLlm().isPresent());
  }

  @Test
  void costToReachIsNaNWhenTheCurveNeverGetsThere() {
    RoutingMetrics m = RoutingMetrics.of(List.of(point(2, 0.7)), TWO);
    assertTrue(Double.isNaN(m.costToMatchBestUsd()));
    assertTrue(Double.isNaN(m.costToMatchBestFraction()));
    assertTrue(Double.isNaN(m.costToReach97Usd()));
  }

  @Test
  void routeLlmMetricsOnlyForTwoTiers() {
    var three =
        List.of(
            new SingleTierResult("a", 1, 0.4),
            new SingleTierResult("b", 2, 0.6),
            new SingleTierResult("c", 3, 0.8));
    assertTrue(RoutingMetrics.of(List.of(point(2, 0.6)), three).routeLlm().isEmpty());
  }
}
