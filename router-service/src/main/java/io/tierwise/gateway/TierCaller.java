package io.tierwise.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tierwise.tier.Tier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * Sends side requests (shadow evaluation, LLM judging) to a tier's upstreams, configured exactly as
 * the gateway's ({@link GatewaySettings}: URLs, models, API keys, output caps, prices), but over
 * its own connections and without retries or circuit breakers: side traffic must neither compete
 * with user requests for pooled connections nor open a circuit that user traffic depends on. A
 * tier's upstreams are tried in configuration order until one answers.
 */
public final class TierCaller implements AutoCloseable {

  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private final Map<String, List<UpstreamSettings>> byTier = new LinkedHashMap<>();
  private final Map<String, UpstreamClient> clients = new LinkedHashMap<>();
  private final Map<String, Tier> tiers = new LinkedHashMap<>();
  private final ObjectMapper mapper = new ObjectMapper();
  private final ScheduledExecutorService timer;

  private TierCaller(
      GatewaySettings settings, List<Tier> tierList, UnaryOperator<String> environment) {
    tierList.forEach(t -> tiers.put(t.name(), t));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tierwise-side-timeouts").daemon().factory());
    try {
      for (UpstreamSettings upstream : settings.upstreams()) {
        if (!tiers.containsKey(upstream.tier())) {
          continue;
        }
        Optional<ApiKey> key = upstream.apiKey().resolve(environment);
        clients.put(upstream.name(), new UpstreamClient(upstream, key, timer));
        byTier.computeIfAbsent(upstream.tier(), t -> new ArrayList<>()).add(upstream);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * A caller for the upstreams of {@code tiers} in {@code settings}.
   *
   * @param environment environment variable lookup for API keys
   * @throws GatewayConfigException when an API key cannot be read
   */
  public static TierCaller create(
      GatewaySettings settings, List<Tier> tiers, UnaryOperator<String> environment) {
    return new TierCaller(
        Objects.requireNonNull(settings, "settings"),
        List.copyOf(tiers),
        Objects.requireNonNull(environment, "environment"));
  }

  /** The tiers that have an upstream, cheapest first. */
  public List<String> tiers() {
    return tiers.keySet().stream().filter(byTier::containsKey).toList();
  }

  /**
   * Sends {@code request} (an OpenAI chat completion body; {@code stream} is forced off) to {@code
   * tier}, trying its upstreams in order.
   *
   * @throws IOException when every upstream fails, times out, answers with an error, or answers
   *     with a body that is not a chat completion; the message names the last failure
   * @throws IllegalArgumentException for a tier without upstreams or an invalid request body
   */
  public TierAnswer complete(String tier, ObjectNode request, Duration budget)
      throws IOException, InterruptedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(budget, "budget");
    List<UpstreamSettings> candidates = byTier.get(tier);
    if (candidates == null) {
      throw new IllegalArgumentException("tier '" + tier + "' has no upstream; known: " + tiers());
    }
    ObjectNode body = request.deepCopy();
    body.put("stream", false);
    body.remove("stream_options");
    ChatRequest parsed;
    try {
      parsed = ChatRequest.parse(mapper.writeValueAsBytes(body), mapper);
    } catch (OpenAiErrorException e) {
      throw new IllegalArgumentException("invalid chat request: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + budget.toNanos();
    IOException last = null;
    for (UpstreamSettings upstream : candidates) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (!left.isPositive()) {
        break;
      }
      try {
        return call(tier, upstream, parsed, left);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new IOException("no time left to call tier " + tier);
  }

  private TierAnswer call(
      String tier, UpstreamSettings upstream, ChatRequest request, Duration left)
      throws IOException, InterruptedException {
    Duration read = upstream.timeouts().read();
    Duration headerTimeout = left.compareTo(read) < 0 ? left : read;
    try (UpstreamExchange exchange =
        clients
            .get(upstream.name())
            .send(request.forUpstream(upstream, mapper), false, headerTimeout, left)) {
      String text = new String(exchange.readBody(MAX_BODY_BYTES), StandardCharsets.UTF_8);
      if (exchange.status() / 100 != 2) {
        throw new IOException(
            "upstream " + upstream.name() + " answered HTTP " + exchange.status());
      }
      JsonNode response = mapper.readTree(text);
      JsonNode choices = response.path("choices");
      if (!choices.isArray() || choices.isEmpty()) {
        throw new IOException("upstream " + upstream.name() + " sent no choices");
      }
      String answer = choices.get(0).path("message").path("content").asText("");
      JsonNode usage = response.path("usage");
      Usage tokens =
          usage.path("prompt_tokens").isNumber() && usage.path("completion_tokens").isNumber()
              ? new Usage(
                  usage.get("prompt_tokens").asLong(),
                  usage.get("completion_tokens").asLong(),
                  false)
              : new Usage(
                  TokenEstimate.of(request.conversation().allText()),
                  TokenEstimate.of(answer),
                  true);
      Pricing pricing = upstream.pricing().orElseGet(() -> Pricing.of(tiers.get(tier)));
      return new TierAnswer(
          tier,
          upstream.name(),
          answer,
          tokens,
          pricing.costUsd(tokens.promptTokens(), tokens.completionTokens()));
    }
  }

  /** Closes the connections; safe to call twice. */
  @Override
  public void close() {
    clients.values().forEach(UpstreamClient::close);
    timer.shutdownNow();
  }
}
