package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link RequestLog} must do; each implementation's test extends this. */
abstract class RequestLogContract {

  @TempDir Path dir;

  /** Opens a log stored under {@code dir}; opening the same dir again must see earlier records. */
  abstract RequestLog open(Path dir);

  static RequestRecord record(String decisionId, Instant at) {
    return new RequestRecord(
        decisionId,
        at,
        "acme",
        "faq",
        "tierwise/auto",
        "small",
        "large",
        "large-chat",
        "large-cloud",
        true,
        200,
        RequestOutcome.COMPLETED,
        List.of(
            new Attempt(
                "small",
                "small-local",
                new AttemptResult.Failed(AttemptResult.FailureKind.CONNECT, "Connection refused"),
                Duration.ofNanos(1_234_567),
                Optional.empty()),
            new Attempt(
                "small",
                "small-local",
                new AttemptResult.Status(429),
                Duration.ofMillis(3),
                Optional.of(Duration.ofSeconds(2))),
            new Attempt(
                "small",
                "small-local",
                new AttemptResult.CircuitOpen(),
                Duration.ZERO,
                Optional.empty()),
            new Attempt(
                "large",
                "large-cloud",
                new AttemptResult.Status(200),
                Duration.ofMillis(40),
                Optional.empty())),
        new Usage(120, 45, true),
        0.000255,
        Duration.ofNanos(98_765_432),
        Optional.of("note"));
  }

  @Test
  void returnsExactlyWhatWasAppended() {
    RequestRecord written = record("d-1", Instant.parse("2025-01-02T03:04:05.123456789Z"));
    try (RequestLog log = open(dir)) {
      log.append(written);
      assertEquals(Optional.of(written), log.find("d-1"));
      assertEquals(Optional.empty(), log.find("d-2"));
      assertEquals(1, log.size());
    }
  }

  @Test
  void appendingTheSameDecisionIdReplacesTheRecord() {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    try (RequestLog log = open(dir)) {
      log.append(record("d-1", at));
      RequestRecord corrected =
          new RequestRecord(
              "d-1",
              at,
              "acme",
              "faq",
              "tierwise/auto",
              "small",
              "small",
              "small-instruct",
              "small-local",
              false,
              200,
              RequestOutcome.COMPLETED,
              List.of(),
              new Usage(1, 2, false),
              0.5,
              Duration.ZERO,
              Optional.empty());
      log.append(corrected);
      assertEquals(1, log.size());
      assertEquals(Optional.of(corrected), log.find("d-1"));
    }
  }

  @Test
  void recentListsNewestFirst() {
    Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    try (RequestLog log = open(dir)) {
      log.append(record("b", t0.plusSeconds(2)));
      log.append(record("a", t0.plusSeconds(1)));
      log.append(record("c", t0.plusSeconds(3)));
      assertEquals(
          List.of("c", "b"), log.recent(2).stream().map(RequestRecord::decisionId).toList());
      assertEquals(3, log.recent(10).size());
      assertThrows(IllegalArgumentException.class, () -> log.recent(-1));
    }
  }

  @Test
  void recordsSurviveClosingAndReopening() {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    try (RequestLog log = open(dir)) {
      log.append(record("kept", at));
    }
    try (RequestLog reopened = open(dir)) {
      assertEquals(Optional.of(record("kept", at)), reopened.find("kept"));
    }
  }

  @Test
  void concurrentAppendsAreAllKept() throws Exception {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    try (RequestLog log = open(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> writes =
          java.util.stream.IntStream.range(0, 40)
              .<Future<?>>mapToObj(
                  i -> pool.submit(() -> log.append(record("c-" + i, at.plusMillis(i)))))
              .toList();
      for (Future<?> write : writes) {
        write.get();
      }
      assertEquals(40, log.size());
    }
  }

  @Test
  void closingTwiceIsSafeAndUseAfterCloseThrows() {
    RequestLog log = open(dir);
    log.close();
    assertDoesNotThrow(log::close);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> log.append(record("late", Instant.EPOCH)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> log.find("x"));
    assertThrows(IllegalStateException.class, log::size);
  }
}
