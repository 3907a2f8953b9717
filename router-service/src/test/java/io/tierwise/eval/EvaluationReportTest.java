package io.tierwise.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.RandomScoredPrompts;
import io.tierwise.policy.ScoredPrompts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

  private static ScoredPrompts fourPrompts() {
    double[][] p = {{0.9, 0.5}, {0.8, 0.5}, {0.2, 0.5}, {0.1, 0.5}};
    double[][] q = {{1, 1}, {1, 1}, {0, 1}, {0, 1}};
    double[][] c = {{0.001, 0.01}, {0.001, 0.01}, {0.001, 0.01}, {0.001, 0.01}};
    return ScoredPrompts.of(List.of("small", "large"), p, c, q, c);
  }

  private static EvaluationReport twoTierReport() {
    ScoredPrompts test = fourPrompts();
    PolicyFamily family = new PolicyFamily.UniformThreshold(2);
    OperatingCurve router = OperatingCurve.sweep(family, test, 201);
    StaticPerTaskBaseline perTask = StaticPerTaskBaseline.fit(test, List.of("t", "t", "u", "u"));
    OperatingCurve staticCurve = perTask.curve(family, test, List.of("t", "t", "u", "u"), 201);
    // A scorer that ranks backwards: its curve is below the random line.
    ScoredPrompts backwards =
        test.withRouterView(
            new double[][] {{0.1, 0.5}, {0.2, 0.5}, {0.8, 0.5}, {0.9, 0.5}},
            test.estimatedCostUsd());
    OperatingCurve worse = OperatingCurve.sweep(family, backwards, 201);
    return EvaluationReport.create(
        test, router, Optional.of(staticCurve), Map.of("backwards", worse));
  }

  @Test
  void computesBaselinesAndMetricsForEveryCurve() {
    EvaluationReport report = twoTierReport();
    assertEquals(
        List.of("router", "staticPerTask", "random", "oracle", "backwards"),
        List.copyOf(report.metrics().keySet()));
    assertEquals(0.001 / 2 + 0.01 / 2, report.oracle().cost(), 1e-15);
    assertEquals(1.0, report.oracle().quality());
    assertEquals(0.75, report.metrics().get("router").routeLlm().orElseThrow().apgr(), 1e-12);
    assertEquals(0.5, report.metrics().get("random").routeLlm().orElseThrow().apgr(), 1e-12);
    assertEquals(0.25, report.metrics().get("backwards").routeLlm().orElseThrow().apgr(), 1e-12);
    // The per-task labels split exactly along correctness: as good as the oracle.
    assertEquals(
        report.oracle().cost() / 0.01,
        report.metrics().get("staticPerTask").costToMatchBestFraction(),
        1e-12);
    assertTrue(report.metrics().get("router").aiq() > report.metrics().get("random").aiq());
  }

  @Test
  void jsonHasTheDocumentedShapeAndNullsForUndefinedNumbers() throws Exception {
    EvaluationReport report = twoTierReport();
    JsonNode json = new ObjectMapper().readTree(EvaluationReportJson.toJsonString(report));
    assertEquals("usd_per_prompt", json.get("costUnit").asText());
    assertEquals(4, json.get("prompts").asInt());
    JsonNode first = json.at("/router/points/0");
    assertEquals(0.001, first.get("cost").asDouble(), 1e-15);
    assertEquals(0.5, first.get("quality").asDouble());
    assertEquals(1.0, first.at("/tierShares/small").asDouble());
    assertEquals("threshold", json.at("/router/parameter").asText());
    assertEquals("large", json.at("/singleTiers/1/tier").asText());
    assertEquals(1.0, json.at("/oracle/quality").asDouble());
    assertEquals(2, json.at("/random/points").size());
    assertTrue(json.at("/staticPerTask/points").isArray());
    assertTrue(json.at("/baselines/backwards/points").isArray());
    assertEquals(0.75, json.at("/metrics/router/routeLlm/apgr").asDouble(), 1e-12);
    assertTrue(json.at("/metrics/router/aiq").isNumber());
    // The backwards scorer only matches the large tier by routing everything there.
    assertTrue(json.at("/metrics/backwards/costToMatchBestUsd").isNumber());

    ScoredPrompts flat =
        ScoredPrompts.of(
            List.of("a", "b"),
            new double[][] {{0.5, 0.5}},
            new double[][] {{0.001, 0.001}},
            new double[][] {{0.0, 0.0}},
            new double[][] {{0.001, 0.001}});
    EvaluationReport undefined =
        EvaluationReport.create(
            flat,
            OperatingCurve.sweep(new PolicyFamily.Utility(), flat, 5),
            Optional.empty(),
            Map.of());
    JsonNode nulls = EvaluationReportJson.toJson(undefined);
    assertTrue(nulls.at("/metrics/router/aiq").isNull(), nulls.toPrettyString());
    assertTrue(nulls.at("/metrics/router/routeLlm/apgr").isNull());
    assertTrue(nulls.get("staticPerTask").isNull());
  }

  @Test
  void tableListsTiersMetricsAndCurves() {
    String table = EvaluationReportTable.render(twoTierReport());
    assertTrue(table.contains("Evaluation on 4 prompts; tiers small, large"), table);
    assertTrue(
        table
            .lines()
            .anyMatch(l -> l.startsWith("large") && l.contains("10.0000") && l.contains("1.0000")),
        table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("router") && l.contains("0.750")), table);
    assertTrue(table.contains("router curve (5 of 5 points)"), table);
    assertTrue(table.contains("small=75.0% large=25.0%"), table);
  }

  @Test
  void tableThinsLongCurvesAndFitsElevenTiers() {
    long seed = new Random().nextLong();
    System.out.println("EvaluationReportTest seed: " + seed);
    ScoredPrompts test = RandomScoredPrompts.generate(seed, 400, 11, false);
    OperatingCurve router = OperatingCurve.sweep(new PolicyFamily.Utility(), test, 201);
    EvaluationReport report = EvaluationReport.create(test, router, Optional.empty(), Map.of());
    assertTrue(report.metrics().get("router").routeLlm().isEmpty());
    String table = EvaluationReportTable.render(report);
    assertTrue(
        table.contains(
            "router curve ("
                + EvaluationReportTable.MAX_CURVE_ROWS
                + " of "
                + router.points().size()),
        "seed " + seed + "\n" + table);
    assertTrue(!table.contains("APGR"), table);
  }

  @Test
  void rejectsReservedBaselineNames() {
    ScoredPrompts test = fourPrompts();
    OperatingCurve router = OperatingCurve.sweep(new PolicyFamily.UniformThreshold(2), test, 11);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EvaluationReport.create(test, router, Optional.empty(), Map.of("oracle", router)));
    assertTrue(e.getMessage().contains("'oracle'"), e.getMessage());
  }
}
