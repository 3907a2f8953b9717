package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackChainTest {

  private static final URI URL = URI.create("http://127.0.0.1:9/v1");
  private static final List<String> TIERS = List.of("small", "medium", "large");

  private static UpstreamSettings upstream(String name, String tier, String... alternates) {
    return UpstreamSettings.of(name, tier, URL, name + "-model")
        .withAlternates(List.of(alternates));
  }

  private static List<String> names(List<UpstreamSettings> chain) {
    return chain.stream().map(UpstreamSettings::name).toList();
  }

  private final List<UpstreamSettings> upstreams =
      List.of(
          upstream("small-a", "small", "backup"),
          upstream("small-b", "small"),
          upstream("medium", "medium"),
          upstream("large", "large"),
          upstream("backup", "large"));

  @Test
  void triesTheTierThenTheNextTierUpThenAlternates() {
    FallbackChain chain = new FallbackChain(TIERS, upstreams, 1);
    assertEquals(List.of("small-a", "small-b", "medium", "backup"), names(chain.forTier("small")));
    assertEquals(List.of("medium", "large", "backup"), names(chain.forTier("medium")));
    assertEquals(List.of("large", "backup"), names(chain.forTier("large")));
  }

  @Test
  void tiersUpControlsHowFarTheChainEscalates() {
    assertEquals(
        List.of("small-a", "small-b", "backup"),
        names(new FallbackChain(TIERS, upstreams, 0).forTier("small")));
    assertEquals(
        List.of("small-a", "small-b", "medium", "large", "backup"),
        names(new FallbackChain(TIERS, upstreams, 5).forTier("small")));
  }

  @Test
  void anAddressedUpstreamGoesFirst() {
    FallbackChain chain = new FallbackChain(TIERS, upstreams, 1);
    assertEquals(
        List.of("small-b", "small-a", "medium", "backup"), names(chain.forUpstream("small-b")));
  }

  @Test
  void reportsTiersWithoutUpstreamsAndRejectsUnknownTiers() {
    FallbackChain chain = new FallbackChain(TIERS, List.of(upstream("large", "large")), 1);
    assertEquals(List.of("small", "medium"), chain.tiersWithoutUpstream());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FallbackChain(TIERS, List.of(upstream("x", "huge")), 1));
    assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> chain.forTier("tiny"));
  }
}
