package io.tierwise.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tierwise.local.GeneratedToken;
import io.tierwise.local.Generation;
import io.tierwise.local.GenerationRequest;
import io.tierwise.local.LocalTierSettings;
import io.tierwise.local.SamplingParams;
import io.tierwise.local.TokenLogprob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Translates between OpenAI chat requests and local generations: a request's messages and sampling
 * fields become a {@link GenerationRequest}, and a {@link Generation} becomes a {@code
 * chat.completion} body or {@code chat.completion.chunk} events in the shapes OpenAI uses.
 */
final class LocalCompletions {

  private final ObjectMapper mapper;

  LocalCompletions(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * The generation a chat request asks the local tier for. System messages become the chat
   * template's system text; a lone user message is the prompt verbatim, and a longer conversation
   * becomes {@code role: text} turns, as the router sees it. {@code max_tokens} is clamped to the
   * tier's cap, and the tier's sampling defaults fill what the request leaves out.
   *
   * @throws OpenAiErrorException (400) naming a field the local tier cannot honour
   */
  static GenerationRequest generationRequest(ChatRequest request, LocalTierSettings settings) {
    ObjectNode body = request.body();
    JsonNode n = body.get("n");
    if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asInt() == 1)) {
      throw OpenAiErrorException.invalidRequest(
          "unsupported_n", "the local tier answers with one choice; 'n' must be 1, got: " + n);
    }
    String system =
        request.conversation().turns().stream()
            .filter(t -> t.role().equals("system") || t.role().equals("developer"))
            .map(Conversation.Turn::text)
            .filter(t -> !t.isEmpty())
            .collect(Collectors.joining("\n"));
    List<Conversation.Turn> rest =
        request.conversation().turns().stream()
            .filter(t -> !t.role().equals("system") && !t.role().equals("developer"))
            .toList();
    String prompt =
        rest.size() == 1 && rest.getFirst().role().equals("user")
            ? rest.getFirst().text()
            : rest.stream()
                .filter(t -> !t.text().isEmpty())
                .map(t -> t.role() + ": " + t.text())
                .collect(Collectors.joining("\n\n"));
    int maxNewTokens = settings.maxNewTokens();
    for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
      JsonNode value = body.get(field);
      if (value != null && !value.isNull()) {
        if (!value.isIntegralNumber() || value.asLong() < 1) {
          throw OpenAiErrorException.invalidRequest(
              "invalid_" + field, "'" + field + "' must be a positive integer, got: " + value);
        }
        maxNewTokens = (int) Math.min(maxNewTokens, value.asLong());
      }
    }
    SamplingParams defaults = settings.sampling();
    double temperature = number(body, "temperature", defaults.temperature(), "[0, 2]", 0.0, 2.0);
    double topP = number(body, "top_p", defaults.topP(), "(0, 1]", Double.MIN_VALUE, 1.0);
    long seed = defaults.seed();
    JsonNode seedNode = body.get("seed");
    if (seedNode != null && !seedNode.isNull()) {
      if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
        throw OpenAiErrorException.invalidRequest(
            "invalid_seed", "'seed' must be an integer, got: " + seedNode);
      }
      seed = seedNode.asLong();
    }
    Set<String> stops = new LinkedHashSet<>(settings.stopStrings());
    JsonNode stop = body.get("stop");
    if (stop != null && !stop.isNull()) {
      if (stop.isTextual() && !stop.asText().isEmpty()) {
        stops.add(stop.asText());
      } else if (stop.isArray()) {
        for (JsonNode item : stop) {
          if (!item.isTextual() || item.asText().isEmpty()) {
            throw OpenAiErrorException.invalidRequest(
                "invalid_stop", "'stop' entries must be non-empty strings, got: " + item);
          }
          stops.add(item.asText());
        }
      } else {
        throw OpenAiErrorException.invalidRequest(
            "invalid_stop", "'stop' must be a string or an array of strings, got: " + stop);
      }
    }
    int topLogprobs = 0;
    JsonNode top = body.get("top_logprobs");
    if (top != null && !top.isNull()) {
      if (!top.isIntegralNumber()
          || top.asInt() < 0
          || top.asInt() > GenerationRequest.MAX_TOP_LOGPROBS) {
        throw OpenAiErrorException.invalidRequest(
            "invalid_top_logprobs",
            "'top_logprobs' must be an integer in [0, "
                + GenerationRequest.MAX_TOP_LOGPROBS
                + "], got: "
                + top);
      }
      if (!wantsLogprobs(request)) {
        throw OpenAiErrorException.invalidRequest(
            "invalid_top_logprobs", "'logprobs' must be true when 'top_logprobs' is set");
      }
      topLogprobs = top.asInt();
    }
    return new GenerationRequest(
        prompt,
        system,
        maxNewTokens,
        new SamplingParams(temperature, topP, defaults.topK(), seed),
        Set.of(),
        List.copyOf(stops),
        topLogprobs);
  }

  /** Whether the client asked for token log-probabilities ({@code "logprobs": true}). */
  static boolean wantsLogprobs(ChatRequest request) {
    JsonNode logprobs = request.body().get("logprobs");
    if (logprobs == null || logprobs.isNull()) {
      return false;
    }
    if (!logprobs.isBoolean()) {
      throw OpenAiErrorException.invalidRequest(
          "invalid_logprobs", "'logprobs' must be a boolean, got: " + logprobs);
    }
    return logprobs.asBoolean();
  }

  /** A {@code chat.completion} body for a kept local answer. */
  ObjectNode completion(
      String id, long created, String model, Generation generation, boolean logprobs) {
    ObjectNode body = mapper.createObjectNode();
    body.put("id", id);
    body.put("object", "chat.completion");
    body.put("created", created);
    body.put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", generation.text());
    if (logprobs) {
      choice.putObject("logprobs").set("content", logprobContent(generation.tokens()));
    } else {
      choice.putNull("logprobs");
    }
    choice.put("finish_reason", generation.finishReason().wireName());
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", generation.usage().promptTokens());
    usage.put("completion_tokens", generation.usage().completionTokens());
    usage.put("total_tokens", generation.usage().totalTokens());
    return body;
  }

  /**
   * One {@code chat.completion.chunk}: a delta (role, content, or nothing for the last chunk), the
   * log-probabilities of the tokens it covers when asked, and a finish reason on the last.
   */
  ObjectNode chunk(
      String id,
      long created,
      String model,
      String role,
      String content,
      List<GeneratedToken> tokens,
      boolean logprobs,
      String finishReason) {
    ObjectNode chunk = mapper.createObjectNode();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    if (role != null) {
      delta.put("role", role);
    }
    if (content != null) {
      delta.put("content", content);
    }
    if (logprobs && !tokens.isEmpty()) {
      choice.putObject("logprobs").set("content", logprobContent(tokens));
    } else {
      choice.putNull("logprobs");
    }
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return chunk;
  }

  /** The final usage chunk, with the request's cost as the gateway annotates relayed streams. */
  ObjectNode usageChunk(String id, long created, String model, Usage usage, double costUsd) {
    ObjectNode chunk = mapper.createObjectNode();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    chunk.putArray("choices");
    ObjectNode node = chunk.putObject("usage");
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("total_tokens", usage.totalTokens());
    ObjectNode tierwise = chunk.putObject("tierwise");
    tierwise.put("cost_usd", costUsd);
    tierwise.put("usage_estimated", false);
    return chunk;
  }

  /** OpenAI's {@code logprobs.content}: per token its text, logprob, UTF-8 bytes and top list. */
  ArrayNode logprobContent(List<GeneratedToken> tokens) {
    ArrayNode content = mapper.createArrayNode();
    for (GeneratedToken token : tokens) {
      ObjectNode node = content.addObject();
      node.put("token", token.token());
      node.put("logprob", token.logprob());
      putBytes(node, token.bytes());
      ArrayNode top = node.putArray("top_logprobs");
      for (TokenLogprob alternative : token.topLogprobs()) {
        ObjectNode entry = top.addObject();
        entry.put("token", alternative.token());
        entry.put("logprob", alternative.logprob());
        putBytes(entry, alternative.bytes());
      }
    }
    return content;
  }

  private static void putBytes(ObjectNode node, byte[] bytes) {
    ArrayNode array = node.putArray("bytes");
    for (byte b : bytes) {
      array.add(b & 0xff);
    }
  }

  private static double number(
      ObjectNode body, String field, double fallback, String range, double min, double max) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber() || !(value.asDouble() >= min && value.asDouble() <= max)) {
      throw OpenAiErrorException.invalidRequest(
          "invalid_" + field, "'" + field + "' must be a number in " + range + ", got: " + value);
    }
    return value.asDouble();
  }

  /** Tokens not yet covered by a chunk; emptied when a chunk takes them. */
  static final class PendingTokens {
    private final List<GeneratedToken> tokens = new ArrayList<>();

    void add(GeneratedToken token) {
      tokens.add(token);
    }

    List<GeneratedToken> take() {
      List<GeneratedToken> taken = List.copyOf(tokens);
      tokens.clear();
      return taken;
    }
  }
}
