package io.tierwise.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Draws the replay's per-window APGR and CPT(50%) as a small self-contained SVG line chart. */
final class ReplayPlot {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 380;
  private static final int LEFT = 60;
  private static final int RIGHT = 190;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private ReplayPlot() {}

  static String svg(List<FeedbackReplay.WindowRow> rows) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">\n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"14\">Feedback replay on MMLU: router v0 trained"
                + " without MMLU, retrained after each window</text>\n",
            LEFT));
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    for (int k = 0; k <= 5; k++) {
      double v = k / 5.0;
      double y = TOP + plotH * (1 - v);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n",
              LEFT,
              y,
              LEFT + plotW,
              y,
              LEFT - 6,
              y + 4,
              v));
    }
    int n = rows.size();
    for (int i = 0; i < n; i++) {
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
              x(i, n, plotW),
              TOP + plotH + 18,
              rows.get(i).window()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">window (requests arrive left to right)</text>\n",
            LEFT + plotW / 2,
            HEIGHT - 12));
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
            LEFT,
            TOP,
            LEFT,
            TOP + plotH,
            LEFT,
            TOP + plotH,
            LEFT + plotW,
            TOP + plotH));
    series(
        s,
        rows,
        FeedbackReplay.WindowRow::testApgr,
        "#1f77b4",
        "",
        "APGR (test set)",
        0,
        plotW,
        plotH);
    series(
        s,
        rows,
        FeedbackReplay.WindowRow::apgr,
        "#1f77b4",
        "5,4",
        "APGR (window)",
        1,
        plotW,
        plotH);
    series(
        s,
        rows,
        FeedbackReplay.WindowRow::testCpt50,
        "#d62728",
        "",
        "CPT(50%) (test set)",
        2,
        plotW,
        plotH);
    series(
        s,
        rows,
        FeedbackReplay.WindowRow::cpt50,
        "#d62728",
        "5,4",
        "CPT(50%) (window)",
        3,
        plotW,
        plotH);
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" fill=\"#555\">higher APGR, lower CPT = better</text>\n",
            LEFT + plotW + 12,
            TOP + 4 * 20 + 16));
    s.append("</svg>\n");
    return s.toString();
  }

  private static void series(
      StringBuilder s,
      List<FeedbackReplay.WindowRow> rows,
      ToDoubleFunction<FeedbackReplay.WindowRow> value,
      String colour,
      String dash,
      String label,
      int legendRow,
      int plotW,
      int plotH) {
    StringBuilder points = new StringBuilder();
    int n = rows.size();
    for (int i = 0; i < n; i++) {
      double v = value.applyAsDouble(rows.get(i));
      if (Double.isNaN(v)) {
        continue;
      }
      double y = TOP + plotH * (1 - Math.max(0, Math.min(1, v)));
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n, plotW), y));
      s.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
              x(i, n, plotW),
              y,
              colour));
    }
    String dashAttr = dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
    s.append(
        String.format(
            Locale.ROOT,
            "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
            points.toString().trim(),
            colour,
            dashAttr));
    int ly = TOP + legendRow * 20 + 8;
    int lx = LEFT + plotW + 12;
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>\n",
            lx,
            ly,
            lx + 24,
            ly,
            colour,
            dashAttr,
            lx + 30,
            ly + 4,
            label));
  }

  private static double x(int i, int n, int plotW) {
    return LEFT + (n == 1 ? plotW / 2.0 : (double) i * plotW / (n - 1));
  }
}
