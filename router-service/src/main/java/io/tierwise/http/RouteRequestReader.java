package io.tierwise.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tierwise.config.TenantSettings;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.routing.Target;
import io.tierwise.tier.Tier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validates one route request body against the configured limits and tenants and the router's
 * tiers, and turns it into a {@link RouteCall}. Every problem is an {@link ApiException} (HTTP 400)
 * naming the field, e.g. {@code requests[2].allowedTiers[0] names unknown tier 'huge'}.
 *
 * <p>Body: {@code {prompt | messages[], tenant?, workflow?, target?: {quality | maxCostPer1k},
 * allowedTiers?, maxTier?, metadata?}}. A request without {@code tenant} uses the tenant named
 * {@code default} when one is configured. A request's own target wins over its tenant's; its {@code
 * allowedTiers} must lie within the tenant's.
 */
public final class RouteRequestReader {

  /** The tenant used when a request names none, if configured. */
  public static final String DEFAULT_TENANT = "default";

  private static final Set<String> FIELDS =
      Set.of(
          "prompt",
          "messages",
          "tenant",
          "workflow",
          "target",
          "allowedTiers",
          "maxTier",
          "metadata");
  private static final String FIELD_LIST =
      "prompt, messages, tenant, workflow, target, allowedTiers, maxTier, metadata";

  private final TierwiseSettings settings;
  private final ConversationFlattener flattener;

  public RouteRequestReader(TierwiseSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.flattener = new ConversationFlattener(settings.conversation());
  }

  /**
   * @param body the parsed request
   * @param prefix prepended to field names in messages, e.g. {@code requests[2].}, or empty
   * @param tiers the router's tiers, cheapest first
   * @throws ApiException 400 for any invalid field
   */
  public RouteCall read(JsonNode body, String prefix, List<Tier> tiers) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(tiers, "tiers");
    Fields fields = new Fields(prefix);
    if (!body.isObject()) {
      throw invalid(
          (prefix.isEmpty() ? "request body" : prefix.substring(0, prefix.length() - 1))
              + " must be a JSON object, got: "
              + kind(body));
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw invalid("unknown field '" + fields.name(name) + "'; known fields: " + FIELD_LIST);
      }
    }
    String prompt = prompt(body, fields);
    Optional<TenantSettings> tenant = tenant(body, fields);
    Optional<String> workflow = optionalText(body, "workflow", fields);
    JsonNode metadata = body.get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      throw invalid(fields.name("metadata") + " must be an object, got: " + kind(metadata));
    }
    Optional<Target> target = target(body, fields).or(() -> tenant.flatMap(TenantSettings::target));
    List<String> tierNames = tiers.stream().map(Tier::name).toList();
    Set<String> allowed = allowedTiers(body, fields, tierNames, tenant);
    Optional<String> maxTier = optionalText(body, "maxTier", fields);
    if (maxTier.isPresent() && !tierNames.contains(maxTier.get())) {
      throw unknownTier(fields.name("maxTier") + " names", maxTier.get(), tierNames);
    }
    requireEligibleTier(tierNames, allowed, maxTier);
    return new RouteCall(
        new RoutingRequest(prompt, target, allowed, maxTier),
        tenant.map(TenantSettings::name),
        workflow);
  }

  private String prompt(JsonNode body, Fields fields) {
    JsonNode prompt = body.get("prompt");
    JsonNode messages = body.get("messages");
    boolean hasPrompt = prompt != null && !prompt.isNull();
    boolean hasMessages = messages != null && !messages.isNull();
    if (hasPrompt && hasMessages) {
      throw invalid(
          "give either " + fields.name("prompt") + " or " + fields.name("messages") + ", not both");
    }
    if (!hasPrompt && !hasMessages) {
      throw invalid(fields.name("prompt") + " or " + fields.name("messages") + " is required");
    }
    String text;
    if (hasPrompt) {
      if (!prompt.isTextual()) {
        throw invalid(fields.name("prompt") + " must be a string, got: " + kind(prompt));
      }
      text = prompt.textValue();
      if (text.isBlank()) {
        throw ApiException.badRequest("empty_prompt", fields.name("prompt") + " must not be empty");
      }
      checkLength(fields.name("prompt"), text.length());
    } else {
      List<ChatTurn> turns = messages(messages, fields);
      checkLength(
          fields.name("messages"), turns.stream().mapToInt(t -> t.content().length()).sum());
      text =
          flattener
              .flatten(turns)
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "empty_prompt",
                          fields.name("messages") + " must contain a user message with text"));
    }
    return text;
  }

  private void checkLength(String field, int length) {
    int limit = settings.server().maxPromptChars();
    if (length > limit) {
      throw ApiException.badRequest(
          "prompt_too_long",
          field
              + " has "
              + length
              + " characters; the limit is "
              + limit
              + " (server.max-prompt-chars)");
    }
  }

  private List<ChatTurn> messages(JsonNode messages, Fields fields) {
    if (!messages.isArray() || messages.isEmpty()) {
      throw invalid(
          fields.name("messages")
              + " must be a non-empty array of {role, content}, got: "
              + (messages.isArray() ? "an empty array" : kind(messages)));
    }
    List<ChatTurn> turns = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      String at = fields.name("messages") + "[" + i + "]";
      JsonNode message = messages.get(i);
      if (!message.isObject()) {
        throw invalid(at + " must be an object {role, content}, got: " + kind(message));
      }
      JsonNode role = message.get("role");
      if (role == null || !role.isTextual() || role.textValue().isBlank()) {
        throw invalid(at + ".role must be a non-empty string");
      }
      turns.add(new ChatTurn(role.textValue(), content(message.get("content"), at + ".content")));
    }
    return turns;
  }

  /** OpenAI content: a string, an array of parts (text parts are kept), or null. */
  private static String content(JsonNode content, String at) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (!content.isArray()) {
      throw invalid(at + " must be a string or an array of parts, got: " + kind(content));
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      if (!part.isObject()) {
        throw invalid(at + "[" + i + "] must be an object {type, ...}, got: " + kind(part));
      }
      JsonNode type = part.get("type");
      if (type != null && "text".equals(type.asText())) {
        JsonNode partText = part.get("text");
        if (partText == null || !partText.isTextual()) {
          throw invalid(at + "[" + i + "].text must be a string");
        }
        if (!text.isEmpty()) {
          text.append('\n');
        }
        text.append(partText.textValue());
      }
    }
    return text.toString();
  }

  private Optional<TenantSettings> tenant(JsonNode body, Fields fields) {
    Optional<String> name = optionalText(body, "tenant", fields);
    if (name.isEmpty()) {
      return settings.tenant(DEFAULT_TENANT);
    }
    return Optional.of(
        settings
            .tenant(name.get())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "unknown_tenant",
                        fields.name("tenant")
                            + " names unknown tenant '"
                            + name.get()
                            + "'; configured tenants: "
                            + (settings.tenants().isEmpty()
                                ? "(none)"
                                : String.join(", ", settings.tenants().keySet())))));
  }

  private static Optional<Target> target(JsonNode body, Fields fields) {
    JsonNode target = body.get("target");
    if (target == null || target.isNull()) {
      return Optional.empty();
    }
    String at = fields.name("target");
    if (!target.isObject()) {
      throw invalid(at + " must be an object {quality} or {maxCostPer1k}, got: " + kind(target));
    }
    for (Iterator<String> names = target.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("quality") && !name.equals("maxCostPer1k")) {
        throw invalid(
            "unknown field '" + at + "." + name + "'; known fields: quality, maxCostPer1k");
      }
    }
    JsonNode quality = target.get("quality");
    JsonNode budget = target.get("maxCostPer1k");
    if (quality != null && budget != null) {
      throw invalid(at + " must have one of quality or maxCostPer1k, not both");
    }
    if (quality == null && budget == null) {
      throw invalid(at + " must have quality or maxCostPer1k");
    }
    String field = quality != null ? "quality" : "maxCostPer1k";
    JsonNode value = quality != null ? quality : budget;
    if (!value.isNumber()) {
      throw invalid(at + "." + field + " must be a number, got: " + kind(value));
    }
    try {
      return Optional.of(
          quality != null
              ? new Target.Quality(value.doubleValue())
              : new Target.CostBudget(value.doubleValue()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_target", at + "." + field + ": " + e.getMessage());
    }
  }

  private static Set<String> allowedTiers(
      JsonNode body, Fields fields, List<String> tierNames, Optional<TenantSettings> tenant) {
    JsonNode allowed = body.get("allowedTiers");
    Set<String> tenantTiers = tenant.map(TenantSettings::allowedTiers).orElse(Set.of());
    if (allowed == null || allowed.isNull()) {
      return tenantTiers;
    }
    String at = fields.name("allowedTiers");
    if (!allowed.isArray()) {
      throw invalid(at + " must be an array of tier names, got: " + kind(allowed));
    }
    if (allowed.isEmpty()) {
      throw invalid(at + " must not be empty; omit it to allow every tier");
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < allowed.size(); i++) {
      JsonNode tier = allowed.get(i);
      String tierAt = at + "[" + i + "]";
      if (!tier.isTextual()) {
        throw invalid(tierAt + " must be a tier name, got: " + kind(tier));
      }
      String name = tier.textValue();
      if (!tierNames.contains(name)) {
        throw unknownTier(tierAt + " names", name, tierNames);
      }
      if (tenant.isPresent() && !tenant.get().allows(name)) {
        throw ApiException.badRequest(
            "tier_not_allowed",
            tierAt
                + " names tier '"
                + name
                + "', which tenant '"
                + tenant.get().name()
                + "' may not use; allowed: "
                + String.join(", ", tenantTiers));
      }
      names.add(name);
    }
    return names;
  }

  private static void requireEligibleTier(
      List<String> tierNames, Set<String> allowed, Optional<String> maxTier) {
    int cap = maxTier.map(tierNames::indexOf).orElse(tierNames.size() - 1);
    for (int i = 0; i <= cap; i++) {
      if (allowed.isEmpty() || allowed.contains(tierNames.get(i))) {
        return;
      }
    }
    throw ApiException.badRequest(
        "no_eligible_tier",
        "no tier is both allowed ("
            + (allowed.isEmpty() ? "all" : String.join(", ", allowed))
            + ") and at or below maxTier '"
            + maxTier.orElse("")
            + "'; tiers cheapest first: "
            + String.join(", ", tierNames));
  }

  private static Optional<String> optionalText(JsonNode body, String name, Fields fields) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid(fields.name(name) + " must be a string, got: " + kind(value));
    }
    if (value.textValue().isBlank()) {
      throw invalid(fields.name(name) + " must not be empty");
    }
    return Optional.of(value.textValue());
  }

  private static ApiException unknownTier(String what, String tier, List<String> known) {
    return ApiException.badRequest(
        "unknown_tier",
        what + " unknown tier '" + tier + "'; known tiers: " + String.join(", ", known));
  }

  private static ApiException invalid(String message) {
    return ApiException.badRequest("invalid_request", message);
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY, POJO -> "a value";
    };
  }

  /** Field names as the client wrote them, qualified for batch elements. */
  private record Fields(String prefix) {
    String name(String field) {
      return prefix + field;
    }
  }
}
