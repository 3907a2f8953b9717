package io.tierwise.local;

import java.util.List;

/** Finds stop strings in growing output text, and how much text to hold back while streaming. */
final class StopStrings {

  private final List<String> stops;
  private final int longest;

  StopStrings(List<String> stops) {
    this.stops = List.copyOf(stops);
    this.longest = stops.stream().mapToInt(String::length).max().orElse(0);
  }

  boolean isEmpty() {
    return stops.isEmpty();
  }

  /**
   * The start of the earliest stop string in {@code text} that ends at or after {@code newFrom}, or
   * -1. Text before {@code newFrom} was already searched, so only matches reaching into the new
   * text need looking for.
   */
  int find(CharSequence text, int newFrom) {
    int best = -1;
    int from = Math.max(0, newFrom - longest + 1);
    String haystack = text.subSequence(from, text.length()).toString();
    for (String stop : stops) {
      int at = haystack.indexOf(stop);
      if (at >= 0 && (best < 0 || from + at < best)) {
        best = from + at;
      }
    }
    return best;
  }

  /** Length of the longest suffix of {@code text} that could still grow into a stop string. */
  int heldBack(CharSequence text) {
    int length = text.length();
    for (int k = Math.min(longest - 1, length); k > 0; k--) {
      String suffix = text.subSequence(length - k, length).toString();
      for (String stop : stops) {
        if (stop.startsWith(suffix)) {
          return k;
        }
      }
    }
    return 0;
  }
}
