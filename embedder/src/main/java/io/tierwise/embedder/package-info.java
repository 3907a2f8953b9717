/** Sentence embeddings computed locally with ONNX Runtime and the HuggingFace tokenizer. */
package io.tierwise.embedder;
