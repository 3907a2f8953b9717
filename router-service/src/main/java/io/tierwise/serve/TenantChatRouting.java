package io.tierwise.serve;

import io.tierwise.config.TenantSettings;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.gateway.ChatRouting;
import io.tierwise.gateway.Conversation;
import io.tierwise.gateway.InvalidRoutingRequestException;
import io.tierwise.http.ChatTurn;
import io.tierwise.http.ConversationFlattener;
import io.tierwise.http.RouteRequestReader;
import io.tierwise.routing.RoutingRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Routes gateway chats the way {@code POST /v1/route} routes the same caller: the conversation is
 * flattened by the configured {@link ConversationFlattener}, and the tenant (header {@code
 * x-tierwise-tenant}, else the {@code default} tenant when configured) brings its target and
 * allowed tiers.
 */
final class TenantChatRouting implements ChatRouting {

  private final TierwiseSettings settings;
  private final ConversationFlattener flattener;

  TenantChatRouting(TierwiseSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.flattener = new ConversationFlattener(settings.conversation());
  }

  @Override
  public RoutingRequest request(Conversation conversation, Optional<String> tenantName) {
    Optional<TenantSettings> tenant = tenant(tenantName);
    List<ChatTurn> turns =
        conversation.turns().stream().map(t -> new ChatTurn(t.role(), t.text())).toList();
    String prompt =
        flattener
            .flatten(turns)
            .orElseThrow(
                () ->
                    new InvalidRoutingRequestException(
                        "empty_prompt", "messages must contain a user message with text to route"));
    return new RoutingRequest(
        prompt,
        tenant.flatMap(TenantSettings::target),
        tenant.map(TenantSettings::allowedTiers).orElse(java.util.Set.of()),
        Optional.empty());
  }

  private Optional<TenantSettings> tenant(Optional<String> name) {
    if (name.isEmpty()) {
      return settings.tenant(RouteRequestReader.DEFAULT_TENANT);
    }
    return Optional.of(
        settings
            .tenant(name.get())
            .orElseThrow(
                () ->
                    new InvalidRoutingRequestException(
                        "unknown_tenant",
                        "header x-tierwise-tenant names unknown tenant '"
                            + name.get()
                            + "'; configured tenants: "
                            + settings.tenants().keySet())));
  }
}
