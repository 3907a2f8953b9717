package io.tierwise.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;

/**
 * A parsed {@code POST /v1/chat/completions} body. Fields the gateway does not interpret are kept
 * and forwarded to the upstream unchanged.
 *
 * @param body the request as sent by the client
 * @param model the requested model id
 * @param stream whether the client asked for server-sent events
 * @param includeUsage whether a streaming client asked for a final usage chunk
 * @param conversation the messages as text
 */
record ChatRequest(
    ObjectNode body,
    String model,
    boolean stream,
    boolean includeUsage,
    Conversation conversation) {

  ChatRequest {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(conversation, "conversation");
  }

  /**
   * Parses and validates a request body.
   *
   * @throws OpenAiErrorException (400) naming what is wrong
   */
  static ChatRequest parse(byte[] json, ObjectMapper mapper) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw OpenAiErrorException.invalidRequest(
          "invalid_json", "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw OpenAiErrorException.invalidRequest(
          "invalid_json", "request body is not valid JSON: " + e.getMessage());
    }
    if (!(root instanceof ObjectNode body)) {
      throw OpenAiErrorException.invalidRequest(
          "invalid_json", "request body must be a JSON object");
    }
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw OpenAiErrorException.invalidRequest(
          "missing_model", "'model' must be a non-empty string");
    }
    Conversation conversation;
    try {
      conversation = Conversation.fromOpenAiMessages(body.get("messages"));
    } catch (IllegalArgumentException e) {
      throw OpenAiErrorException.invalidRequest("invalid_messages", e.getMessage());
    }
    JsonNode stream = body.path("stream");
    if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
      throw OpenAiErrorException.invalidRequest("invalid_stream", "'stream' must be a boolean");
    }
    return new ChatRequest(
        body,
        model.asText(),
        stream.asBoolean(false),
        body.path("stream_options").path("include_usage").asBoolean(false),
        conversation);
  }

  /**
   * The body sent to one upstream: its model id, {@code max_tokens} and {@code
   * max_completion_tokens} clamped to its output cap ({@code max_tokens} set to the cap when the
   * client sent neither, so the cap always binds), and for streams a request for a final usage
   * chunk.
   */
  byte[] forUpstream(UpstreamSettings upstream, ObjectMapper mapper) {
    ObjectNode copy = body.deepCopy();
    copy.put("model", upstream.model());
    int cap = upstream.maxOutputTokens();
    boolean capped = false;
    for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
      JsonNode value = copy.get(field);
      if (value != null && value.isNumber()) {
        copy.put(field, Math.min(value.asLong(), cap));
        capped = true;
      }
    }
    if (!capped) {
      copy.put("max_tokens", cap);
    }
    if (stream) {
      JsonNode options = copy.get("stream_options");
      ObjectNode streamOptions =
          options instanceof ObjectNode existing ? existing : copy.putObject("stream_options");
      streamOptions.put("include_usage", true);
    }
    try {
      return mapper.writeValueAsBytes(copy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a parsed JSON tree", e);
    }
  }
}
