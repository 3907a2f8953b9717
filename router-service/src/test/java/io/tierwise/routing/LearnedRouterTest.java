package io.tierwise.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterArtifactException;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.tier.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trained router end to end: a real artifact, the real embedder, a real Lucene memory. */
class LearnedRouterTest {

  @TempDir static Path workDir;
  static Path artifact;
  static LearnedRouter router;

  @BeforeAll
  static void trainArtifact() {
    artifact = TrainedRouterFixture.train(workDir.resolve("router"));
    router = LearnedRouter.open(artifact);
  }

  @AfterAll
  static void close() {
    router.close();
  }

  @Test
  void manifestDescribesTheArtifact() {
    RouterManifest manifest = router.manifest();
    assertEquals(
        List.of("small", "medium", "large"), manifest.tiers().stream().map(Tier::name).toList());
    assertEquals("all-minilm-l6-v2-q", manifest.embedder().modelId());
    assertEquals(384, manifest.embedder().dimension());
    assertTrue(manifest.version().startsWith("test-"), manifest.version());
    assertEquals(300, manifest.trainingData().prompts());
    assertTrue(manifest.policy().parameters().containsKey("lambda"));
  }

  @Test
  void decisionsCarryProbabilitiesCostsNeighboursAndReasons() {
    RoutingDecision decision = router.route(RoutingRequest.of("Write a haiku about the sea."));
    assertFalse(decision.failSafe());
    assertEquals(Set.of("small", "medium", "large"), decision.probabilities().keySet());
    decision.probabilities().values().forEach(p -> assertTrue(p > 0 && p < 1, "p=" + p));
    // Prices rise by tier, so estimated costs must too.
    double small = decision.estimatedCostUsd().get("small");
    double large = decision.estimatedCostUsd().get("large");
    assertTrue(small < large, decision.estimatedCostUsd().toString());
    assertEquals(LearnedRouter.DECISION_NEIGHBOURS, decision.neighbours().size());
    assertTrue(decision.reasons().getFirst().startsWith("chose '" + decision.tier() + "'"));
    assertEquals(router.version(), decision.routerVersion());
  }

  @Test
  void batchRoutingMatchesSingleRouting() {
    List<String> prompts =
        List.of("What is 2 + 2?", "Explain the proof of Fermat's last theorem in detail.");
    List<RoutingDecision> batch =
        router.routeAll(prompts.stream().map(RoutingRequest::of).toList());
    for (int i = 0; i < prompts.size(); i++) {
      RoutingDecision single = router.route(RoutingRequest.of(prompts.get(i)));
      assertEquals(single.tier(), batch.get(i).tier());
      assertEquals(single.probabilities(), batch.get(i).probabilities());
      assertNotEquals(single.decisionId(), batch.get(i).decisionId());
    }
  }

  @Test
  void targetsMoveTheOperatingPoint() {
    String prompt = "Summarise the causes of the French revolution.";
    RoutingDecision cheap =
        router.route(
            new RoutingRequest(
                prompt, Optional.of(new Target.CostBudget(1e-6)), Set.of(), Optional.empty()));
    RoutingDecision best =
        router.route(
            new RoutingRequest(
                prompt, Optional.of(new Target.Quality(1.0)), Set.of(), Optional.empty()));
    assertEquals("small", cheap.tier());
    assertEquals("large", best.tier());
  }

  @Test
  void constraintsLimitTheChoice() {
    RoutingDecision capped =
        router.route(
            new RoutingRequest(
                "Prove the Riemann hypothesis.",
                Optional.of(new Target.Quality(1.0)),
                Set.of(),
                Optional.of("medium")));
    assertNotEquals("large", capped.tier());
    RoutingDecision only =
        router.route(
            new RoutingRequest("hello", Optional.empty(), Set.of("large"), Optional.empty()));
    assertEquals("large", only.tier());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                router.route(
                    new RoutingRequest("hi", Optional.empty(), Set.of("huge"), Optional.empty())));
    assertTrue(unknown.getMessage().contains("unknown tier 'huge'"), unknown.getMessage());
  }

  @Test
  void scoringFailureRoutesToTheSafestAllowedTierAndSaysSo() {
    TextEmbedder broken =
        new TextEmbedder() {
          @Override
          public String modelId() {
            return "all-minilm-l6-v2-q";
          }

          @Override
          public int dimension() {
            return 384;
          }

          @Override
          public float[] embed(String text) {
            throw new IllegalStateException("embedder crashed");
          }

          @Override
          public List<float[]> embedAll(List<String> texts) {
            throw new IllegalStateException("embedder crashed");
          }

          @Override
          public void close() {}
        };
    try (LearnedRouter failing = LearnedRouter.load(artifact, broken, false)) {
      RoutingDecision decision = failing.route(RoutingRequest.of("anything"));
      assertTrue(decision.failSafe());
      assertEquals("large", decision.tier());
      assertTrue(
          decision.reasons().getFirst().contains("embedder crashed"),
          decision.reasons().toString());
      RoutingDecision capped =
          failing
              .routeAll(
                  List.of(
                      new RoutingRequest("x", Optional.empty(), Set.of(), Optional.of("medium"))))
              .getFirst();
      assertEquals("medium", capped.tier());
    }
  }

  @Test
  void refusesAnEmbedderOtherThanTheOneItWasTrainedWith() {
    TextEmbedder other =
        new TextEmbedder() {
          @Override
          public String modelId() {
            return "bge-small-en-v15-q";
          }

          @Override
          public int dimension() {
            return 384;
          }

          @Override
          public float[] embed(String text) {
            return new float[384];
          }

          @Override
          public List<float[]> embedAll(List<String> texts) {
            return List.of();
          }

          @Override
          public void close() {}
        };
    RouterArtifactException error =
        assertThrows(
            RouterArtifactException.class, () -> LearnedRouter.load(artifact, other, false));
    assertTrue(error.getMessage().contains("bge-small-en-v15-q"), error.getMessage());
  }

  @Test
  void corruptOrMissingFilesAreNamed() throws Exception {
    Path broken = workDir.resolve("broken");
    Files.createDirectories(broken);
    RouterArtifactException missing =
        assertThrows(RouterArtifactException.class, () -> RouterArtifact.load(broken));
    assertTrue(missing.getMessage().contains(RouterArtifact.MANIFEST), missing.getMessage());
    Files.writeString(broken.resolve(RouterArtifact.MANIFEST), "{ not json");
    RouterArtifactException corrupt =
        assertThrows(RouterArtifactException.class, () -> RouterArtifact.load(broken));
    assertTrue(
        corrupt.getMessage().contains(broken.resolve(RouterArtifact.MANIFEST).toString()),
        corrupt.getMessage());
    RouterArtifactException absent =
        assertThrows(
            RouterArtifactException.class, () -> RouterArtifact.load(workDir.resolve("nowhere")));
    assertTrue(absent.getMessage().contains("nowhere"), absent.getMessage());
  }
}
