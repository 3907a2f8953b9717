/**
 * Offline evaluation of routing policies: operating curves, baselines (single tiers, oracle, random
 * mixtures, static per task) and metrics (RouterBench's AIQ, RouteLLM's PGR/APGR/CPT, cost to reach
 * the best tier), plus text and JSON renderers. Pure functions over {@link
 * io.tierwise.policy.ScoredPrompts}; no I/O.
 */
package io.tierwise.eval;
