package io.tierwise.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The JSON bodies the gateway writes itself, in OpenAI's shapes where OpenAI defines one. */
final class GatewayJson {

  private final ObjectMapper mapper;

  GatewayJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code {"error":{"message","type","code"}}}. */
  ObjectNode error(String type, String code, String message) {
    ObjectNode body = mapper.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.put("code", code);
    return body;
  }

  /** The 503 body: the error shape plus {@code error.attempts} listing what was tried. */
  ObjectNode allFailed(AllUpstreamsFailedException e) {
    ObjectNode body = error("upstream_error", "all_upstreams_failed", e.getMessage());
    ArrayNode attempts = ((ObjectNode) body.get("error")).putArray("attempts");
    for (Attempt attempt : e.attempts()) {
      ObjectNode node = attempts.addObject();
      node.put("tier", attempt.tier());
      node.put("upstream", attempt.upstream());
      node.put("result", attempt.result().label());
      node.put("latency_ms", attempt.latency().toMillis());
      if (attempt.result() instanceof AttemptResult.Failed failed) {
        node.put("message", failed.message());
      }
      attempt.retryAfter().ifPresent(d -> node.put("retry_after_ms", d.toMillis()));
    }
    return body;
  }

  /** OpenAI's {@code usage} object. */
  void putUsage(ObjectNode target, Usage usage) {
    ObjectNode node = target.putObject("usage");
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("total_tokens", usage.totalTokens());
  }

  /** {@code GET /v1/models}: OpenAI's model list. */
  ObjectNode models(List<String> ids) {
    ObjectNode body = mapper.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    for (String id : ids) {
      ObjectNode model = data.addObject();
      model.put("id", id);
      model.put("object", "model");
      model.put("created", 0);
      model.put("owned_by", "tierwise");
    }
    return body;
  }

  /** {@code GET /v1/upstreams}: circuit state, recent failures and last error per upstream. */
  ObjectNode upstreams(List<UpstreamStatus> statuses) {
    ObjectNode body = mapper.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    for (UpstreamStatus status : statuses) {
      ObjectNode node = data.addObject();
      node.put("name", status.name());
      node.put("tier", status.tier());
      node.put("model", status.model());
      node.put("base_url", status.baseUrl());
      node.put("circuit", status.circuit().name().toLowerCase(Locale.ROOT));
      node.put("recent_failures", status.recentFailures());
      node.put("circuit_opened_at", status.circuitOpenedAt().map(Instant::toString).orElse(null));
      node.put("last_error_at", status.lastErrorAt().map(Instant::toString).orElse(null));
      node.put("last_error", status.lastError().orElse(null));
    }
    return body;
  }
}
