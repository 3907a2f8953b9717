package io.tierwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.data.LabelledDatasets;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.LabelledPromptJsonl;
import io.tierwise.data.Outcome;
import io.tierwise.local.AnswerConfidence;
import io.tierwise.local.ConfidenceCalibration;
import io.tierwise.retraining.LocalAttempt;
import io.tierwise.retraining.RouterRetraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of {@code retrain}: a small router trained on Arena-Bench, retrained on MMLU
 * "traffic" whose outcomes reveal one tier per prompt (plus every tenth prompt with both, like a
 * shadow sample).
 */
class RetrainCommandTest {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final Path SHARED =
      Path.of(System.getProperty("tierwise.shared.dir", "../../shared"));
  private static final String MIXTRAL = "mixtral-8x7b-instruct";
  private static final String GPT4 = "gpt-4-1106-preview";

  @TempDir static Path dir;
  private static Path router;
  private static Path outcomes;
  private static Path localAttempts;

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TierwiseCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void trainRouterAndWriteOutcomes() {
    router = dir.resolve("serving");
    // The default tiers with Mixtral as the local tier, so local confidences can be recalibrated.
    Path tiers = dir.resolve("tiers.yaml");
    try {
      Files.writeString(
          tiers,
          Files.readString(HOME.resolve("training-data/recipes/default-tiers.yaml"))
              .replace(
                  "model: mixtral-8x7b-instruct\n    price: {input: 0.70, output: 0.70}\n    kind: remote",
                  "model: mixtral-8x7b-instruct\n    price: {input: 0.70, output: 0.70}\n    kind: local"));
      assertTrue(Files.readString(tiers).contains("kind: local"), "tier file rewrite failed");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Result trained =
        run(
            "train",
            "--data",
            SHARED.resolve("data/arena-bench-v1").toString(),
            "--tiers",
            tiers.toString(),
            "--name",
            "tiny",
            "--out",
            router.toString());
    assertEquals(0, trained.code(), trained.err());
    Path mmlu = SHARED.resolve("data/routellm-evals/mmlu/responses");
    List<LabelledPrompt> traffic = new ArrayList<>();
    List<LocalAttempt> attempts = new ArrayList<>();
    long seed = 20261203L;
    System.out.println("seed " + seed);
    java.util.Random random = new java.util.Random(seed);
    int i = 0;
    for (LabelledPrompt p :
        LabelledDatasets.load(
                mmlu.resolve("mmlu_anatomy.csv"), mmlu.resolve("mmlu_high_school_biology.csv"))
            .prompts()) {
      Map<String, Outcome> revealed = new TreeMap<>();
      String chosen = i % 3 == 0 ? GPT4 : MIXTRAL;
      revealed.put(chosen, p.outcome(chosen));
      if (i % 10 == 0) {
        revealed.put(GPT4, p.outcome(GPT4));
      }
      traffic.add(new LabelledPrompt("d-" + i, p.prompt(), "traffic", p.task(), revealed));
      if (chosen.equals(MIXTRAL)) {
        // Good local answers were generated with more confident tokens, with noise.
        double mean =
            (p.outcome(MIXTRAL).quality() >= 0.5 ? -0.2 : -0.9) + 0.3 * random.nextGaussian();
        mean = Math.min(-0.01, mean);
        attempts.add(
            new LocalAttempt(
                "d-" + i, new AnswerConfidence(10, 8, mean, mean * 3, mean, Math.exp(-mean))));
      }
      i++;
    }
    outcomes = dir.resolve("outcomes.jsonl");
    LabelledPromptJsonl.write(outcomes, traffic);
    localAttempts = dir.resolve("local-attempts.jsonl");
    LocalAttempt.write(localAttempts, attempts);
  }

  @Test
  void retrainWritesAVersionedChildAndLeavesTheServingArtifactByteIdentical() throws Exception {
    Map<String, String> before = digests(router);
    Path out = dir.resolve("candidate");
    Result result =
        run(
            "retrain",
            "--router",
            router.toString(),
            "--outcomes",
            outcomes.toString(),
            "--data",
            SHARED.resolve("data/arena-bench-v1").toString(),
            "--holdout-recent",
            "100",
            "--local-attempts",
            localAttempts.toString(),
            "--local-precision",
            "0.85",
            "--out",
            out.toString());
    assertEquals(0, result.code(), result.err());
    assertEquals(before, digests(router), "the serving artifact must not change");

    RouterManifest parent = RouterArtifact.readManifest(router);
    RouterManifest child = RouterArtifact.readManifest(out);
    assertEquals(parent.version(), child.parentVersion());
    assertFalse(parent.version().equals(child.version()));
    RouterManifest.Retraining retraining = child.retraining();
    assertNotNull(retraining);
    assertEquals(100, retraining.heldOut());
    assertEquals(retraining.outcomePrompts() - 100, retraining.appendedToMemory());
    assertEquals(64, retraining.outcomesSha256().length());
    assertNotNull(retraining.baseDataSha256());
    assertEquals(100, retraining.before().prompts());

    // The child's memory holds the parent's prompts plus the appended outcomes.
    try (RouterArtifact p = RouterArtifact.load(router);
        RouterArtifact c = RouterArtifact.load(out)) {
      assertEquals(
          p.scorer().memory().size() + retraining.appendedToMemory(), c.scorer().memory().size());
    }
    JsonNode summary = new ObjectMapper().readTree(result.out());
    assertEquals(child.promotable(), summary.get("promotable").asBoolean());
    assertEquals(child.version(), summary.get("version").asText());
    assertFalse(Files.exists(dir.resolve(".candidate.staging-" + ProcessHandle.current().pid())));

    RouterManifest.LocalConfidenceInfo local = child.localConfidence();
    assertNotNull(local, result.err());
    assertEquals("medium", local.tier());
    assertTrue(local.examples() >= RouterRetraining.MIN_LOCAL_EXAMPLES, local.toString());
    assertTrue(local.coverage() > 0 && local.precision() >= 0.85, local.toString());
    ConfidenceCalibration calibration =
        ConfidenceCalibration.fromJson(
            Files.readString(out.resolve(RouterArtifact.LOCAL_CONFIDENCE)));
    assertEquals(local.examples(), calibration.examples());
    // Manifests written before retraining existed still load, without the new records.
    RouterManifest shipped = RouterArtifact.readManifest(HOME.resolve("models/default"));
    assertNull(shipped.retraining());
    assertNull(shipped.localConfidence());

    Result routed = run("route", "--router", out.toString(), "What is the femur?");
    assertEquals(0, routed.code(), routed.err());

    Result again =
        run(
            "retrain",
            "--router",
            router.toString(),
            "--outcomes",
            outcomes.toString(),
            "--out",
            out.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), again.code());
    assertTrue(again.err().contains("already exists"), again.err());
  }

  @Test
  void badInputsFailWithOneLineAndExitCode3() throws IOException {
    Result missingRouter =
        run(
            "retrain",
            "--router",
            dir.resolve("nope").toString(),
            "--outcomes",
            outcomes.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), missingRouter.code());
    assertTrue(missingRouter.err().contains("nope"), missingRouter.err());

    Path corruptRouter = dir.resolve("corrupt");
    Files.createDirectories(corruptRouter);
    Files.writeString(corruptRouter.resolve("manifest.json"), "{not json");
    Result corrupt =
        run("retrain", "--router", corruptRouter.toString(), "--outcomes", outcomes.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), corrupt.code());
    assertTrue(corrupt.err().contains("manifest.json"), corrupt.err());

    Result missingOutcomes =
        run(
            "retrain",
            "--router",
            router.toString(),
            "--outcomes",
            dir.resolve("none.jsonl").toString());
    assertEquals(ExitCode.BAD_INPUT.code(), missingOutcomes.code());
    assertTrue(missingOutcomes.err().contains("none.jsonl"), missingOutcomes.err());

    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "");
    Result emptySnapshot =
        run("retrain", "--router", router.toString(), "--outcomes", empty.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), emptySnapshot.code());
    assertTrue(emptySnapshot.err().contains("empty"), emptySnapshot.err());

    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{\"id\":\"x\"}\n");
    Result unreadable =
        run("retrain", "--router", router.toString(), "--outcomes", broken.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), unreadable.code());
    assertTrue(unreadable.err().contains("broken.jsonl:1:"), unreadable.err());

    Path sqlite = dir.resolve("store.db");
    Files.write(
        sqlite, "SQLite format 3\0rest".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Result store = run("retrain", "--router", router.toString(), "--outcomes", sqlite.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), store.code());
    assertTrue(store.err().contains("SQLite"), store.err());

    Result both =
        run(
            "retrain",
            "--outcomes",
            outcomes.toString(),
            "--holdout-fraction",
            "0.2",
            "--holdout-recent",
            "5");
    assertEquals(ExitCode.USAGE.code(), both.code());
  }

  /** SHA-256 of every file under {@code root}, by relative path. */
  private static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        digests.put(
            root.relativize(file).toString(),
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
      }
    }
    return digests;
  }
}
