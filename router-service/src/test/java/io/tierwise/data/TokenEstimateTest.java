package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenEstimateTest {

  @Test
  void roundsUpQuartersOfCodePoints() {
    assertEquals(0, TokenEstimate.ofText(""));
    assertEquals(1, TokenEstimate.ofText("a"));
    assertEquals(1, TokenEstimate.ofText("abcd"));
    assertEquals(2, TokenEstimate.ofText("abcde"));
    assertEquals(25, TokenEstimate.ofText("x".repeat(100)));
  }

  @Test
  void countsSupplementaryCharactersOnce() {
    String fourEmoji = "\uD83D\uDE00".repeat(4);
    assertEquals(8, fourEmoji.length());
    assertEquals(1, TokenEstimate.ofText(fourEmoji));
  }
}
