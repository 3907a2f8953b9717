package io.tierwise.gateway;

import java.util.Objects;

/**
 * One tier's answer to a side request (shadow evaluation, judging).
 *
 * @param tier the tier asked
 * @param upstream the upstream that answered
 * @param text the first choice's message text
 * @param usage tokens billed (estimated when the upstream reported none)
 * @param costUsd what the call cost at the upstream's prices
 */
public record TierAnswer(String tier, String upstream, String text, Usage usage, double costUsd) {
  public TierAnswer {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(usage, "usage");
  }
}
