/**
 * The local tier: decoder-only language models exported to ONNX in the HuggingFace Optimum layout,
 * run inside the JVM with ONNX Runtime, behind a bounded worker pool, with token log-probabilities
 * turned into a calibrated answer confidence.
 *
 * <p>Entry points: {@link io.tierwise.local.OnnxDecoder#load(java.nio.file.Path)}, {@link
 * io.tierwise.local.BoundedGenerationPool}, {@link io.tierwise.local.AnswerConfidence} and {@link
 * io.tierwise.local.ConfidenceCalibration}; for the gateway, {@link io.tierwise.local.LocalTier}
 * (decoder, pool and {@link io.tierwise.local.ConfidenceGate} of one tier) and {@link
 * io.tierwise.local.LocalAttemptListener}, which hears every local attempt.
 */
package io.tierwise.local;
