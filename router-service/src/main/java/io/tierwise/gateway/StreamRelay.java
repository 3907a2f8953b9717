package io.tierwise.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Relays an upstream's server-sent events to the client and tallies usage.
 *
 * <p>The gateway always asks the upstream for a final usage chunk; the client sees it only if it
 * asked for one itself (other clients may index {@code choices[0]} of every chunk). When the
 * upstream sends no usage, it is estimated, and a client that asked for usage gets a synthesised
 * chunk. The usage chunk carries a {@code tierwise} object with the request's cost, since cost
 * headers are sent before the stream starts.
 *
 * <p>Once the first event has been sent the response status is committed, so a broken upstream
 * stream cannot be retried or failed over: the relay ends the stream with an OpenAI-style error
 * event ({@code data: {"error":{...}}}, which the official SDKs raise as an exception) and without
 * {@code [DONE]}.
 */
final class StreamRelay {

  private final ObjectMapper mapper;
  private final ChatRequest request;
  private final Pricing pricing;
  private final OutputStream client;

  private long completionChars;
  private Usage reported;
  private JsonNode lastChunk;

  StreamRelay(ObjectMapper mapper, ChatRequest request, Pricing pricing, OutputStream client) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.request = Objects.requireNonNull(request, "request");
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * How the relay ended.
   *
   * @param usage reported or estimated usage of what was streamed
   * @param costUsd its cost
   * @param outcome completed, interrupted by the upstream, or abandoned by the client
   * @param error what interrupted the stream
   */
  record Result(Usage usage, double costUsd, RequestOutcome outcome, Optional<String> error) {}

  /** Relays until {@code [DONE]}, the end of the upstream stream, or a failure on either side. */
  Result relay(UpstreamReply.Streaming reply) {
    String data = reply.firstData();
    try {
      try {
        while (data != null) {
          if (data.equals("[DONE]")) {
            finish();
            return result(RequestOutcome.COMPLETED, Optional.empty());
          }
          forward(data);
          data = reply.events().next();
        }
        return interrupted("upstream closed the stream before [DONE]");
      } catch (IOException e) {
        return interrupted("upstream stream failed: " + UpstreamFailover.classify(e).message());
      }
    } catch (ClientGoneException e) {
      return result(
          RequestOutcome.CLIENT_DISCONNECTED,
          Optional.of("client disconnected: " + e.getMessage()));
    }
  }

  private void forward(String data) {
    JsonNode chunk;
    try {
      chunk = mapper.readTree(data);
    } catch (JsonProcessingException e) {
      // Not ours to judge: pass unparseable events through untouched.
      write("data: " + data + "\n\n");
      return;
    }
    JsonNode usage = chunk.path("usage");
    if (usage.isObject()) {
      reported =
          new Usage(
              usage.path("prompt_tokens").asLong(0),
              usage.path("completion_tokens").asLong(0),
              false);
    }
    for (JsonNode choice : chunk.path("choices")) {
      JsonNode content = choice.path("delta").path("content");
      if (content.isTextual()) {
        completionChars += content.asText().codePointCount(0, content.asText().length());
      }
    }
    if (chunk.has("id")) {
      lastChunk = chunk;
    }
    boolean usageOnly = usage.isObject() && chunk.path("choices").isEmpty();
    if (usageOnly) {
      if (request.includeUsage() && chunk instanceof ObjectNode object) {
        annotateCost(object, reported);
        write("data: " + object + "\n\n");
      }
      return;
    }
    write("data: " + data + "\n\n");
  }

  private void finish() {
    if (reported == null && request.includeUsage()) {
      Usage estimated = estimatedUsage();
      ObjectNode chunk = mapper.createObjectNode();
      chunk.put("id", lastChunk == null ? "" : lastChunk.path("id").asText());
      chunk.put("object", "chat.completion.chunk");
      chunk.put("created", lastChunk == null ? 0 : lastChunk.path("created").asLong());
      chunk.put("model", lastChunk == null ? "" : lastChunk.path("model").asText());
      chunk.putArray("choices");
      ObjectNode usage = chunk.putObject("usage");
      usage.put("prompt_tokens", estimated.promptTokens());
      usage.put("completion_tokens", estimated.completionTokens());
      usage.put("total_tokens", estimated.totalTokens());
      annotateCost(chunk, estimated);
      write("data: " + chunk + "\n\n");
    }
    write("data: [DONE]\n\n");
  }

  private Result interrupted(String message) {
    ObjectNode event = mapper.createObjectNode();
    ObjectNode error = event.putObject("error");
    error.put("message", message);
    error.put("type", "upstream_error");
    error.put("code", "stream_interrupted");
    write("data: " + event + "\n\n");
    return result(RequestOutcome.STREAM_INTERRUPTED, Optional.of(message));
  }

  private Result result(RequestOutcome outcome, Optional<String> error) {
    Usage usage = reported != null ? reported : estimatedUsage();
    return new Result(usage, costOf(usage), outcome, error);
  }

  private Usage estimatedUsage() {
    return new Usage(
        TokenEstimate.of(request.conversation().allText()), (completionChars + 3) / 4, true);
  }

  private void annotateCost(ObjectNode chunk, Usage usage) {
    ObjectNode tierwise = chunk.putObject("tierwise");
    tierwise.put("cost_usd", costOf(usage));
    tierwise.put("usage_estimated", usage.estimated());
  }

  private double costOf(Usage usage) {
    return pricing.costUsd(usage.promptTokens(), usage.completionTokens());
  }

  private void write(String event) {
    try {
      client.write(event.getBytes(StandardCharsets.UTF_8));
      client.flush();
    } catch (IOException | UncheckedIOException e) {
      throw new ClientGoneException(e);
    }
  }

  /** Writing to the client failed: it closed the connection. */
  private static final class ClientGoneException extends RuntimeException {
    ClientGoneException(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }
}
