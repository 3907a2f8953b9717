package io.tierwise.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders an {@link EvaluationReport} as the JSON object the {@code eval} command prints.
 *
 * <p>Shape (costs in mean USD per prompt, qualities in [0, 1], numbers that are undefined such as a
 * cost the curve never reaches are {@code null}):
 *
 * <pre>{@code
 * {"costUnit": "usd_per_prompt", "prompts": 1000, "tiers": ["small", "large"],
 *  "router": {"parameter": "lambda", "points": [{"parameter", "cost", "quality", "tierShares": {..}}]},
 *  "singleTiers": [{"tier", "cost", "quality"}],
 *  "oracle": {"cost", "quality", "tierShares"},
 *  "random": {"points": [{"cost", "quality", "tierShares"}]},
 *  "staticPerTask": {"parameter", "points": [..]} or null,
 *  "baselines": {"<name>": {"parameter", "points": [..]}},
 *  "metrics": {"router" | "staticPerTask" | "random" | "oracle" | "<name>":
 *      {"bestSingleTier", "aiq", "costToMatchBestUsd", "costToMatchBestFraction",
 *       "costToReach97Usd", "costToReach97Fraction",
 *       "routeLlm": {"apgr", "cpt50", "cpt80", "pgr": [..]} or null}}}
 * }</pre>
 */
public final class EvaluationReportJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvaluationReportJson() {}

  /** The report as a JSON tree. */
  public static ObjectNode toJson(EvaluationReport report) {
    Objects.requireNonNull(report, "report");
    ObjectNode root = NODES.objectNode();
    root.put("costUnit", "usd_per_prompt");
    root.put("prompts", report.prompts());
    ArrayNode tiers = root.putArray("tiers");
    report.tierNames().forEach(tiers::add);
    root.set("router", curve(report.router()));
    ArrayNode singles = root.putArray("singleTiers");
    for (SingleTierResult t : report.singleTiers()) {
      ObjectNode node = singles.addObject();
      node.put("tier", t.tier());
      number(node, "cost", t.cost());
      number(node, "quality", t.quality());
    }
    root.set("oracle", point(report.oracle()));
    ObjectNode random = root.putObject("random");
    ArrayNode randomPoints = random.putArray("points");
    report.random().forEach(p -> randomPoints.add(point(p)));
    if (report.staticPerTask().isPresent()) {
      root.set("staticPerTask", curve(report.staticPerTask().get()));
    } else {
      root.putNull("staticPerTask");
    }
    ObjectNode baselines = root.putObject("baselines");
    report.baselines().forEach((name, c) -> baselines.set(name, curve(c)));
    ObjectNode metrics = root.putObject("metrics");
    report.metrics().forEach((name, m) -> metrics.set(name, metrics(m)));
    return root;
  }

  /** The report as indented JSON text. */
  public static String toJsonString(EvaluationReport report) {
    try {
      return MAPPER.writeValueAsString(toJson(report));
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; this would be a Jackson bug.
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode curve(OperatingCurve curve) {
    ObjectNode node = NODES.objectNode();
    node.put("parameter", curve.parameterName());
    ArrayNode points = node.putArray("points");
    List<Double> parameters = curve.parameters();
    for (int k = 0; k < parameters.size(); k++) {
      ObjectNode p = NODES.objectNode();
      number(p, "parameter", parameters.get(k));
      p.setAll(point(curve.points().get(k)));
      points.add(p);
    }
    return node;
  }

  private static ObjectNode point(CurvePoint point) {
    ObjectNode node = NODES.objectNode();
    number(node, "cost", point.cost());
    number(node, "quality", point.quality());
    ObjectNode shares = node.putObject("tierShares");
    for (Map.Entry<String, Double> share : point.tierShares().entrySet()) {
      number(shares, share.getKey(), share.getValue());
    }
    return node;
  }

  private static ObjectNode metrics(RoutingMetrics m) {
    ObjectNode node = NODES.objectNode();
    node.put("bestSingleTier", m.bestSingleTier());
    number(node, "aiq", m.aiq());
    number(node, "costToMatchBestUsd", m.costToMatchBestUsd());
    number(node, "costToMatchBestFraction", m.costToMatchBestFraction());
    number(node, "costToReach97Usd", m.costToReach97Usd());
    number(node, "costToReach97Fraction", m.costToReach97Fraction());
    if (m.routeLlm().isPresent()) {
      RouteLlmMetrics r = m.routeLlm().get();
      ObjectNode routeLlm = node.putObject("routeLlm");
      number(routeLlm, "apgr", r.apgr());
      number(routeLlm, "cpt50", r.cpt50());
      number(routeLlm, "cpt80", r.cpt80());
      ArrayNode pgr = routeLlm.putArray("pgr");
      for (double v : r.pgr()) {
        if (Double.isFinite(v)) {
          pgr.add(v);
        } else {
          pgr.addNull();
        }
      }
    } else {
      node.putNull("routeLlm");
    }
    return node;
  }

  /** JSON has no NaN or infinity; undefined numbers become null. */
  private static void number(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }
}
