package io.tierwise.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void printsRateAndEtaOncePerInterval() {
    AtomicLong nanos = new AtomicLong();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressLine progress =
        new ProgressLine("indexing", 100, out, nanos::get, Duration.ofSeconds(1))) {
      nanos.set(500_000_000L);
      progress.advance(10); // before the interval: silent
      nanos.set(2_000_000_000L);
      progress.advance(10); // 20 done in 2 s: 10/s, 80 left: ETA 8 s
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    assertEquals("indexing: 20/100 (20%), 10.0/s, ETA 8s, elapsed 2s", lines[0]);
    assertTrue(lines[1].endsWith("- done"), lines[1]);
  }
}
