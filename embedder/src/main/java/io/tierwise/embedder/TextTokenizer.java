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

  /** Large enough that DJL never truncates: prompts are bounded by the HTTP layer's limits. */
  private static final int UNTRUNCATED_MAX_LENGTH = 1 << 24;

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
            // We cut long texts ourselves (see encode): DJL only keeps the head.
            "truncation", "false",
            "modelMaxLength", Integer.toString(UNTRUNCATED_MAX_LENGTH),
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

  /**
   * Token ids and type ids of one text, cut to {@link #maxLength()} tokens by keeping its head and
   * its tail.
   *
   * <p>Routing needs both ends of a long prompt: an instruction usually opens it ("Summarise the
   * following ...") and the actual question usually closes it (few-shot prompts repeat the same
   * exemplars first, so keeping only the head would give every such prompt the same vector). A
   * quarter of the budget goes to the head and the rest to the tail; the first and last tokens
   * ({@code [CLS]}, {@code [SEP]}) are always kept.
   */
  TokenizedText encode(String text) {
    Encoding encoding = tokenizer.encode(text);
    return headAndTail(encoding.getIds(), encoding.getTypeIds(), maxLength);
  }

  static TokenizedText headAndTail(long[] ids, long[] typeIds, int maxLength) {
    if (ids.length <= maxLength) {
      return new TokenizedText(ids, typeIds);
    }
    int inner = maxLength - 2;
    int head = inner / 4;
    int tail = inner - head;
    long[] keptIds = new long[maxLength];
    long[] keptTypes = new long[maxLength];
    keptIds[0] = ids[0];
    keptTypes[0] = typeIds[0];
    System.arraycopy(ids, 1, keptIds, 1, head);
    System.arraycopy(typeIds, 1, keptTypes, 1, head);
    int tailStart = ids.length - 1 - tail;
    System.arraycopy(ids, tailStart, keptIds, 1 + head, tail);
    System.arraycopy(typeIds, tailStart, keptTypes, 1 + head, tail);
    keptIds[maxLength - 1] = ids[ids.length - 1];
    keptTypes[maxLength - 1] = typeIds[typeIds.length - 1];
    return new TokenizedText(keptIds, keptTypes);
  }

  int maxLength() {
    return maxLength;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
