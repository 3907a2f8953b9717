package io.tierwise.tier;

/** Where a tier's model runs: inside the Tierwise process, or behind an upstream HTTP endpoint. */
public enum TierKind {
  LOCAL,
  REMOTE
}
