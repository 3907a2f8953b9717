package io.tierwise.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders an {@link EvaluationReport} as fixed-width text for a terminal. Costs are shown in USD
 * per 1,000 prompts (the unit of a cost budget), shares and cost fractions in percent, and
 * undefined numbers as {@code -}.
 */
public final class EvaluationReportTable {

  /** Long curves are thinned to about this many evenly spaced rows, ends included. */
  public static final int MAX_CURVE_ROWS = 21;

  private EvaluationReportTable() {}

  /** The report as text, lines ending in {@code \n}. */
  public static String render(EvaluationReport report) {
    Objects.requireNonNull(report, "report");
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Evaluation on %d prompts; tiers %s; cost in USD per 1,000 prompts%n%n",
            report.prompts(),
            String.join(", ", report.tierNames())));

    int nameWidth = "staticPerTask".length();
    for (String name : report.metrics().keySet()) {
      nameWidth = Math.max(nameWidth, name.length());
    }
    for (String tier : report.tierNames()) {
      nameWidth = Math.max(nameWidth, tier.length());
    }

    out.append(
        String.format(
            Locale.ROOT, "%-" + nameWidth + "s %10s %8s%n", "single tier", "$/1k", "quality"));
    for (SingleTierResult t : report.singleTiers()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-" + nameWidth + "s %10s %8s%n",
              t.tier(),
              usdPer1k(t.cost()),
              fixed(t.quality(), 4)));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%-" + nameWidth + "s %10s %8s%n%n",
            EvaluationReport.ORACLE,
            usdPer1k(report.oracle().cost()),
            fixed(report.oracle().quality(), 4)));

    boolean twoTiers = report.tierNames().size() == 2;
    String header =
        String.format(
            Locale.ROOT,
            "%-" + nameWidth + "s %7s %10s %7s %10s %7s",
            "curve",
            "AIQ",
            "$/1k=best",
            "%best$",
            "$/1k@97%",
            "%best$");
    out.append(header);
    if (twoTiers) {
      out.append(String.format(Locale.ROOT, " %6s %6s %6s", "APGR", "CPT50", "CPT80"));
    }
    out.append('\n');
    for (Map.Entry<String, RoutingMetrics> entry : report.metrics().entrySet()) {
      RoutingMetrics m = entry.getValue();
      out.append(
          String.format(
              Locale.ROOT,
              "%-" + nameWidth + "s %7s %10s %7s %10s %7s",
              entry.getKey(),
              fixed(m.aiq(), 4),
              usdPer1k(m.costToMatchBestUsd()),
              percent(m.costToMatchBestFraction()),
              usdPer1k(m.costToReach97Usd()),
              percent(m.costToReach97Fraction())));
      if (twoTiers) {
        RouteLlmMetrics r = m.routeLlm().orElseThrow();
        out.append(
            String.format(
                Locale.ROOT,
                " %6s %6s %6s",
                fixed(r.apgr(), 3),
                percent(r.cpt50()),
                percent(r.cpt80())));
      }
      out.append('\n');
    }
    out.append(
        String.format(
            Locale.ROOT,
            "(best single tier: %s; %%best$ = cost as a share of its cost%s)%n",
            report.metrics().get(EvaluationReport.ROUTER).bestSingleTier(),
            twoTiers ? "; CPT = calls to the strong tier" : ""));

    appendCurve(out, EvaluationReport.ROUTER, report.router());
    report.staticPerTask().ifPresent(c -> appendCurve(out, EvaluationReport.STATIC_PER_TASK, c));
    report.baselines().forEach((name, c) -> appendCurve(out, name, c));
    return out.toString();
  }

  private static void appendCurve(StringBuilder out, String name, OperatingCurve curve) {
    List<Integer> rows = thinned(curve.points().size());
    out.append(
        String.format(
            Locale.ROOT,
            "%n%s curve (%d of %d points)%n%12s %10s %8s  %s%n",
            name,
            rows.size(),
            curve.points().size(),
            curve.parameterName(),
            "$/1k",
            "quality",
            "tier shares"));
    for (int k : rows) {
      CurvePoint p = curve.points().get(k);
      out.append(
          String.format(
              Locale.ROOT,
              "%12.6g %10s %8s  %s%n",
              curve.parameters().get(k),
              usdPer1k(p.cost()),
              fixed(p.quality(), 4),
              shares(p)));
    }
  }

  /** Indices of about {@link #MAX_CURVE_ROWS} evenly spaced points, first and last included. */
  private static List<Integer> thinned(int size) {
    List<Integer> rows = new ArrayList<>();
    if (size <= MAX_CURVE_ROWS) {
      for (int k = 0; k < size; k++) {
        rows.add(k);
      }
      return rows;
    }
    for (int r = 0; r < MAX_CURVE_ROWS; r++) {
      int k = (int) Math.round((double) r * (size - 1) / (MAX_CURVE_ROWS - 1));
      if (rows.isEmpty() || rows.get(rows.size() - 1) != k) {
        rows.add(k);
      }
    }
    return rows;
  }

  /** Non-zero shares only, so eleven tiers still fit on one line. */
  private static String shares(CurvePoint p) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Double> share : p.tierShares().entrySet()) {
      if (share.getValue() > 0.0) {
        if (!s.isEmpty()) {
          s.append(' ');
        }
        s.append(share.getKey()).append('=').append(percent(share.getValue()));
      }
    }
    return s.toString();
  }

  private static String usdPer1k(double usdPerPrompt) {
    return Double.isFinite(usdPerPrompt)
        ? String.format(Locale.ROOT, "%.4f", usdPerPrompt * 1000.0)
        : "-";
  }

  private static String fixed(double value, int decimals) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "-";
  }

  private static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", fraction * 100.0) : "-";
  }
}
