package io.tierwise.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes and display text of every token id, read from a HuggingFace {@code tokenizer.json}.
 *
 * <p>Decoding generated text token by token from these bytes, instead of asking the tokenizer to
 * decode a growing sequence at every step, keeps detokenization O(1) per token and gives the exact
 * per-token {@code bytes} of OpenAI's logprobs format. It reproduces the tokenizer's own decoders
 * for the decoder-only families in use: byte-level BPE ({@code ByteLevel}) and SentencePiece style
 * ({@code Metaspace}, or {@code Replace} + {@code ByteFallback} + {@code Fuse} + {@code Strip}).
 * {@code Strip} only trims the very start of a decoded text, so it does not apply to text that
 * follows a prompt.
 */
final class TokenVocabulary {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NO_BYTES = new byte[0];

  private final byte[][] bytes;
  private final String[] tokens;

  private TokenVocabulary(byte[][] bytes, String[] tokens) {
    this.bytes = bytes;
    this.tokens = tokens;
  }

  static TokenVocabulary load(Path tokenizerJson) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(tokenizerJson));
    } catch (IOException e) {
      throw new LocalModelException("cannot read tokenizer " + tokenizerJson + ": " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new LocalModelException("tokenizer " + tokenizerJson + " must be a JSON object");
    }
    return of(root, tokenizerJson.toString());
  }

  static TokenVocabulary of(JsonNode root, String source) {
    Map<Integer, String> pieces = modelPieces(root.path("model"), source);
    Map<Integer, Boolean> special = new HashMap<>();
    for (JsonNode added : root.path("added_tokens")) {
      int id = added.path("id").asInt(-1);
      if (id < 0 || !added.path("content").isTextual()) {
        throw new LocalModelException(
            "tokenizer " + source + ": added token without id or content: " + added);
      }
      pieces.put(id, added.get("content").asText());
      special.put(id, added.path("special").asBoolean(false));
    }
    List<DecodeStep> steps = decodeSteps(root.get("decoder"), source);
    int size = pieces.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    byte[][] bytes = new byte[size][];
    String[] tokens = new String[size];
    for (int id = 0; id < size; id++) {
      String piece = pieces.get(id);
      if (piece == null) {
        bytes[id] = NO_BYTES;
        tokens[id] = "";
      } else if (special.getOrDefault(id, false)) {
        // Special tokens are skipped when decoding, as decode(ids, skipSpecialTokens=true) does.
        bytes[id] = NO_BYTES;
        tokens[id] = piece;
      } else {
        bytes[id] = decodePiece(piece, steps);
        tokens[id] = displayText(bytes[id]);
      }
    }
    return new TokenVocabulary(bytes, tokens);
  }

  /** Number of ids with an entry; ids at or above it (padding rows of the logits) have no text. */
  int size() {
    return bytes.length;
  }

  /** The bytes {@code id} adds to decoded text; shared, never modify. Empty for special tokens. */
  byte[] bytes(int id) {
    return id < bytes.length ? bytes[id] : NO_BYTES;
  }

  /**
   * The token's display text: its bytes as UTF-8, {@code bytes:\xNN...} when they are a fragment of
   * a character, or a special token's content.
   */
  String token(int id) {
    return id < tokens.length ? tokens[id] : "";
  }

  private static Map<Integer, String> modelPieces(JsonNode model, String source) {
    String type = model.path("type").asText("");
    JsonNode vocab = model.get("vocab");
    Map<Integer, String> pieces = new HashMap<>();
    if (vocab != null && vocab.isObject()) {
      for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
        pieces.put(entry.getValue().asInt(), entry.getKey());
      }
    } else if (vocab != null && vocab.isArray() && "Unigram".equals(type)) {
      int id = 0;
      for (JsonNode entry : vocab) {
        pieces.put(id++, entry.path(0).asText());
      }
    } else {
      throw new LocalModelException(
          "tokenizer " + source + ": model type '" + type + "' has no readable vocab");
    }
    return pieces;
  }

  private sealed interface DecodeStep {}

  private record Replace(String pattern, String content) implements DecodeStep {}

  private record ByteFallback() implements DecodeStep {}

  private record ByteLevel() implements DecodeStep {}

  private static List<DecodeStep> decodeSteps(JsonNode decoder, String source) {
    if (decoder == null || decoder.isNull()) {
      throw new LocalModelException(
          "tokenizer " + source + " has no decoder; generated text cannot be assembled from it");
    }
    List<JsonNode> chain = new ArrayList<>();
    if ("Sequence".equals(decoder.path("type").asText())) {
      decoder.path("decoders").forEach(chain::add);
    } else {
      chain.add(decoder);
    }
    List<DecodeStep> steps = new ArrayList<>();
    for (JsonNode step : chain) {
      String type = step.path("type").asText("");
      switch (type) {
        case "ByteLevel" -> steps.add(new ByteLevel());
        case "ByteFallback" -> steps.add(new ByteFallback());
        case "Metaspace" -> steps.add(new Replace(step.path("replacement").asText("\u2581"), " "));
        case "Replace" -> {
          JsonNode pattern = step.path("pattern");
          if (!pattern.has("String")) {
            throw new LocalModelException(
                "tokenizer "
                    + source
                    + ": Replace decoder with a non-literal pattern is not supported: "
                    + pattern);
          }
          steps.add(new Replace(pattern.get("String").asText(), step.path("content").asText()));
        }
        case "Fuse", "Strip" -> {
          // Fuse joins tokens (we concatenate bytes); Strip trims the start of a whole text only.
        }
        default ->
            throw new LocalModelException(
                "tokenizer "
                    + source
                    + ": decoder type '"
                    + type
                    + "' is not supported (supported: ByteLevel, Metaspace, Replace, ByteFallback,"
                    + " Fuse, Strip)");
      }
    }
    return steps;
  }

  private static byte[] decodePiece(String piece, List<DecodeStep> steps) {
    String text = piece;
    for (DecodeStep step : steps) {
      switch (step) {
        case Replace r -> text = text.replace(r.pattern(), r.content());
        case ByteFallback b -> {
          byte[] single = byteFallback(text);
          if (single != null) {
            return single;
          }
        }
        case ByteLevel b -> {
          return ByteLevelAlphabet.toBytes(text);
        }
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The byte of a {@code <0xNN>} piece, or null for any other piece. */
  private static byte[] byteFallback(String piece) {
    if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
      try {
        return new byte[] {(byte) Integer.parseInt(piece.substring(3, 5), 16)};
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String displayText(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      // OpenAI's convention for tokens that are part of a multi-byte character.
      StringBuilder escaped = new StringBuilder("bytes:");
      for (byte b : bytes) {
        escaped.append(String.format("\\x%02x", b & 0xff));
      }
      return escaped.toString();
    }
  }
}
