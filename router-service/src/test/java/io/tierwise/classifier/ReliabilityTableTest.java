package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReliabilityTableTest {

  private static final double[] PREDICTED = {0.05, 0.15, 0.12, 0.95, 1.0};
  private static final double[] OUTCOMES = {0, 1, 0, 1, 1};

  @Test
  void binsCountsMeansAndObservedRatesByHand() {
    ReliabilityTable table = ReliabilityTable.of(PREDICTED, OUTCOMES);
    assertEquals(10, table.bins().size());
    ReliabilityTable.Bin first = table.bins().get(0);
    assertEquals(1, first.count());
    assertEquals(0.05, first.meanPredicted(), 1e-15);
    assertEquals(0, first.observedRate());
    ReliabilityTable.Bin second = table.bins().get(1);
    assertEquals(2, second.count());
    assertEquals(0.135, second.meanPredicted(), 1e-15);
    assertEquals(0.5, second.observedRate());
    ReliabilityTable.Bin last = table.bins().get(9);
    assertEquals(2, last.count(), "1.0 belongs to the last, closed bin");
    assertEquals(0.975, last.meanPredicted(), 1e-15);
    assertEquals(1, last.observedRate());
    assertEquals(0, table.bins().get(5).count());
    assertTrue(Double.isNaN(table.bins().get(5).meanPredicted()));
  }

  @Test
  void expectedCalibrationErrorByHand() {
    // (1 * 0.05 + 2 * 0.365 + 2 * 0.025) / 5
    double expected = (0.05 + 0.73 + 0.05) / 5;
    assertEquals(
        expected, ReliabilityTable.of(PREDICTED, OUTCOMES).expectedCalibrationError(), 1e-15);
    assertEquals(expected, ProbabilityMetrics.expectedCalibrationError(PREDICTED, OUTCOMES), 1e-15);
  }

  @Test
  void rendersOneLinePerBinAndTheEce() {
    String text = ReliabilityTable.of(PREDICTED, OUTCOMES).render();
    String[] lines = text.split("\n");
    assertEquals(12, lines.length, text);
    assertTrue(lines[2].startsWith("[0.10,0.20)"), lines[2]);
    assertTrue(lines[2].contains("0.135") && lines[2].contains("0.500"), lines[2]);
    assertTrue(lines[10].startsWith("[0.90,1.00]"), lines[10]);
    assertTrue(lines[11].equals("ECE 0.1660"), lines[11]);
  }
}
