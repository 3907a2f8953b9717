package io.tierwise.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Shadow evaluation (YAML section {@code shadow}): a share of the gateway requests that a cheaper
 * tier answered are sent again, in the background, to the top tier, and a comparator grades both
 * answers.
 *
 * @param share fraction of eligible requests shadowed, in [0, 1]; 0 turns shadowing off
 * @param concurrency most shadow calls in flight at once
 * @param queue shadow calls waiting for a free slot; beyond that they are dropped and counted
 * @param comparator how answers are graded
 * @param judgeTier the tier whose upstream grades answers when {@code comparator} is {@code judge}
 * @param timeout budget of one shadow call (top tier plus judge)
 */
public record ShadowSettings(
    double share,
    int concurrency,
    int queue,
    Comparator comparator,
    Optional<String> judgeTier,
    Duration timeout) {

  public static final double DEFAULT_SHARE = 0.05;
  public static final int DEFAULT_CONCURRENCY = 2;
  public static final int DEFAULT_QUEUE = 64;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** How a shadow comparison grades the served answer against the top tier's. */
  public enum Comparator {
    /** Identical text after trimming. */
    EXACT,
    /** Equal after case folding, whitespace and punctuation normalisation, or as equal JSON. */
    NORMALISED,
    /** An LLM judge (the {@code judge-tier}'s upstream) grades both answers. */
    JUDGE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ShadowSettings {
    Objects.requireNonNull(comparator, "comparator");
    Objects.requireNonNull(judgeTier, "judgeTier");
    Objects.requireNonNull(timeout, "timeout");
    if (!(share >= 0.0 && share <= 1.0)) {
      throw new IllegalArgumentException("share must be in [0, 1], got: " + share);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got: " + concurrency);
    }
    if (queue < 0) {
      throw new IllegalArgumentException("queue must be >= 0, got: " + queue);
    }
    if (comparator == Comparator.JUDGE && judgeTier.isEmpty()) {
      throw new IllegalArgumentException("comparator judge needs judge-tier");
    }
    if (!timeout.isPositive()) {
      throw new IllegalArgumentException("timeout must be positive, got: " + timeout);
    }
  }

  public static ShadowSettings defaults() {
    return new ShadowSettings(
        DEFAULT_SHARE,
        DEFAULT_CONCURRENCY,
        DEFAULT_QUEUE,
        Comparator.NORMALISED,
        Optional.empty(),
        DEFAULT_TIMEOUT);
  }

  static ShadowSettings read(SettingsReader section, java.util.Set<String> tierNames) {
    double share = section.decimal("share", DEFAULT_SHARE, 0.0);
    if (share > 1.0) {
      throw section.invalid("share", "must be <= 1, got: " + share);
    }
    int concurrency = section.integer("concurrency", DEFAULT_CONCURRENCY, 1, 1024);
    int queue = section.integer("queue", DEFAULT_QUEUE, 0, 1_000_000);
    String name = section.text("comparator", Comparator.NORMALISED.wireName());
    Comparator comparator;
    try {
      comparator = Comparator.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw section.invalid("comparator", "must be exact, normalised or judge, got: " + name);
    }
    Optional<String> judge = section.text("judge-tier");
    if (judge.isPresent() && !tierNames.isEmpty() && !tierNames.contains(judge.get())) {
      throw section.invalid(
          "judge-tier",
          "names unknown tier '" + judge.get() + "'; known tiers: " + String.join(", ", tierNames));
    }
    Duration timeout =
        section.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(1), Duration.ofHours(1));
    return section.build(
        () -> new ShadowSettings(share, concurrency, queue, comparator, judge, timeout));
  }
}
