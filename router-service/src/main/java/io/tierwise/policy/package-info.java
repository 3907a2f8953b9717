/**
 * Routing policies: how per-tier probabilities and cost estimates become a tier choice ({@link
 * io.tierwise.policy.TierPolicy}), the one-parameter families swept for curves ({@link
 * io.tierwise.policy.PolicyFamily}), and the calibration of a family to an operator's target on a
 * validation split ({@link io.tierwise.policy.TargetCalibration}). Pure functions, no I/O.
 */
package io.tierwise.policy;
