package io.tierwise.config;

import io.tierwise.routing.Target;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A caller group with its own operating point and tier restrictions (YAML map {@code tenants}).
 *
 * @param name the tenant name callers send
 * @param target the default target for this tenant's requests; a request's own target wins
 * @param allowedTiers tiers this tenant may be routed to; empty means all
 */
public record TenantSettings(String name, Optional<Target> target, Set<String> allowedTiers) {

  public TenantSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    if (name.isBlank()) {
      throw new IllegalArgumentException("tenant name must not be blank");
    }
    // Keep the configured order: it appears in error messages.
    allowedTiers =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(Objects.requireNonNull(allowedTiers, "allowedTiers")));
  }

  /** A tenant without restrictions. */
  public static TenantSettings unrestricted(String name) {
    return new TenantSettings(name, Optional.empty(), Set.of());
  }

  /** Whether {@code tier} may be chosen for this tenant. */
  public boolean allows(String tier) {
    return allowedTiers.isEmpty() || allowedTiers.contains(tier);
  }

  static TenantSettings read(String name, SettingsReader section, Set<String> knownTiers) {
    Optional<Target> target = readTarget(section.section("target"));
    List<String> allowed = section.textList("allowed-tiers");
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < allowed.size(); i++) {
      String tier = allowed.get(i);
      String key = "allowed-tiers[" + i + "]";
      if (!knownTiers.isEmpty() && !knownTiers.contains(tier)) {
        throw section.invalid(
            key,
            "names unknown tier '" + tier + "'; known tiers: " + String.join(", ", knownTiers));
      }
      if (!seen.add(tier)) {
        throw section.invalid(key, "repeats tier '" + tier + "'");
      }
    }
    return section.build(() -> new TenantSettings(name, target, seen));
  }

  private static Optional<Target> readTarget(SettingsReader section) {
    Optional<Double> quality = section.decimal("quality", Double.NEGATIVE_INFINITY);
    Optional<Double> budget = section.decimal("max-cost-per-1k", Double.NEGATIVE_INFINITY);
    if (quality.isPresent() && budget.isPresent()) {
      throw section.invalid(
          "quality", "and " + section.key("max-cost-per-1k") + " are exclusive; set one");
    }
    try {
      if (quality.isPresent()) {
        return Optional.of(new Target.Quality(quality.get()));
      }
      if (budget.isPresent()) {
        return Optional.of(new Target.CostBudget(budget.get()));
      }
    } catch (IllegalArgumentException e) {
      String key = quality.isPresent() ? "quality" : "max-cost-per-1k";
      throw section.invalid(key, "is out of range: " + e.getMessage());
    }
    return Optional.empty();
  }
}
