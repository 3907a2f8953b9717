package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  @Test
  void parsesDelaySeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", NOW));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", NOW));
  }

  @Test
  void parsesAnHttpDateRelativeToNow() {
    assertEquals(
        Optional.of(Duration.ofSeconds(90)),
        RetryAfter.parse("Wed, 21 Oct 2015 07:29:30 GMT", NOW));
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertEquals(
        Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW));
  }

  @Test
  void ignoresAbsentAndMalformedValues() {
    assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("", NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("1.5", NOW));
  }

  @Test
  void hugeSecondCountsBecomeVeryLongRatherThanFailing() {
    Duration parsed = RetryAfter.parse("99999999999999999999999", NOW).orElseThrow();
    assertEquals(true, parsed.compareTo(Duration.ofDays(365)) > 0);
  }
}
