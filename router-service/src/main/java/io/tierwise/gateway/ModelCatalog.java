package io.tierwise.gateway;

import io.tierwise.tier.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model ids clients may send: {@code tierwise/auto}, each tier name, and each upstream model
 * id. A tier name wins over an upstream model of the same name; an upstream model served by several
 * upstreams addresses the first configured.
 */
final class ModelCatalog {

  static final String AUTO = "tierwise/auto";

  private final List<String> tiers;
  private final Map<String, String> upstreamByModel = new LinkedHashMap<>();

  ModelCatalog(List<Tier> tiers, List<UpstreamSettings> upstreams) {
    this.tiers = tiers.stream().map(Tier::name).toList();
    for (UpstreamSettings upstream : upstreams) {
      upstreamByModel.putIfAbsent(upstream.model(), upstream.name());
    }
  }

  Optional<ModelAddress> resolve(String model) {
    if (AUTO.equals(model)) {
      return Optional.of(new ModelAddress.Auto());
    }
    if (tiers.contains(model)) {
      return Optional.of(new ModelAddress.TierName(model));
    }
    return Optional.ofNullable(upstreamByModel.get(model)).map(ModelAddress.UpstreamModel::new);
  }

  /** Every addressable id, in the order {@code GET /v1/models} lists them. */
  List<String> modelIds() {
    List<String> ids = new ArrayList<>();
    ids.add(AUTO);
    ids.addAll(tiers);
    upstreamByModel.keySet().stream().filter(m -> !ids.contains(m)).forEach(ids::add);
    return List.copyOf(ids);
  }
}
