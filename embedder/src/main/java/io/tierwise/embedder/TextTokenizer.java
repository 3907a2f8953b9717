package io.tierwise.embedder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A HuggingFace {@code tokenizer.json} loaded through DJL, configured to add {@code [CLS]}/{@code
 * [SEP]} and truncate at a fixed length, never to pad.
 *
 * <p>Safe for concurrent use: DJL applies the truncation and padding settings once, when the
 * tokenizer is created, and encoding afterwards only reads the native tokenizer ({@code
 * Tokenizer::encode} takes {@code &self} in the Rust library, which is {@code Sync}).
 */
final class TextTokenizer implements AutoCloseable {

  static {
    // Belt and braces next to the JVM flags: DJL phones home (usage tracking) and may try to
    // download from its hub unless told it is offline, and Tierwise runs air-gapped. This class is
    // the only way into DJL, so its initialiser runs before any DJL code does.
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
  }

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
  }

  /**
   * Loads a tokenizer from the bytes of a {@code tokenizer.json}; never from a hub id.
   *
   * @param location where the bytes came from, for the error message
   * @param maxLength tokens kept per text, special tokens included
   */
  static TextTokenizer load(byte[] tokenizerJson, String location, int maxLength) {
    Map<String, String> options =
        Map.of(
            "addSpecialTokens", "true",
            "truncation", "true",
            "maxLength", Integer.toString(maxLength),
            // DJL would otherwise cap maxLength at 512 with a warning.
            "modelMaxLength", Integer.toString(maxLength),
            // Some tokenizer.json files (all-MiniLM's) pad every text to 128; padding is ours.
            "padding", "false");
    try {
      return new TextTokenizer(
          HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options),
          maxLength);
    } catch (IOException | RuntimeException e) {
      // The native library reports a malformed tokenizer.json as a bare RuntimeException.
      throw new EmbeddingModelException(
          "tokenizer " + location + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  /** Token ids and type ids of one text, truncated to {@link #maxLength()} tokens. */
  TokenizedText encode(String text) {
    Encoding encoding = tokenizer.encode(text);
    return new TokenizedText(encoding.getIds(), encoding.getTypeIds());
  }

  int maxLength() {
    return maxLength;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
