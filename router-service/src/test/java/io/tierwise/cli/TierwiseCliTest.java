package io.tierwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of every command path, through the same entry point the launcher uses. */
class TierwiseCliTest {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final Path SHARED =
      Path.of(System.getProperty("tierwise.shared.dir", "../../shared"));

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TierwiseCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void routePrintsTheDefaultRoutersDecision() throws Exception {
    Result result =
        run("route", "--router", HOME.resolve("models/default").toString(), "What is 2 + 2?");
    assertEquals(0, result.code(), result.err());
    JsonNode decision = new ObjectMapper().readTree(result.out());
    assertTrue(decision.get("probabilities").has(decision.get("tier").asText()), result.out());
    assertEquals(
        new ObjectMapper()
            .readTree(HOME.resolve("models/default/manifest.json").toFile())
            .get("version")
            .asText(),
        decision.get("routerVersion").asText());
  }

  @Test
  void trainWritesAnArtifactThatRouteCanUse(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("tiny");
    Result trained =
        run(
            "train",
            "--data",
            SHARED.resolve("data/arena-bench-v1").toString(),
            "--tiers",
            HOME.resolve("training-data/recipes/default-tiers.yaml").toString(),
            "--target",
            "budget=1.5",
            "--name",
            "tiny",
            "--out",
            out.toString());
    assertEquals(0, trained.code(), trained.err());
    assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
    Result routed =
        run("route", "--router", out.toString(), "--max-tier", "medium", "Tell me a joke.");
    assertEquals(0, routed.code(), routed.err());
    String tier = new ObjectMapper().readTree(routed.out()).get("tier").asText();
    assertTrue(tier.equals("small") || tier.equals("medium"), tier);
    Result again =
        run(
            "train",
            "--data",
            SHARED.resolve("data/arena-bench-v1").toString(),
            "--tiers",
            HOME.resolve("training-data/recipes/default-tiers.yaml").toString(),
            "--out",
            out.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), again.code());
    assertTrue(again.err().contains("already exists"), again.err());
  }

  @Test
  void evalPrintsTheReportAsJson() throws Exception {
    Result result =
        run(
            "eval",
            "--train",
            SHARED.resolve("data/arena-bench-v1").toString(),
            "--folds",
            "2",
            "--tiers",
            HOME.resolve("training-data/recipes/default-tiers.yaml").toString(),
            "--no-tfidf",
            "--json");
    assertEquals(0, result.code(), result.err());
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertTrue(report.has("router"), "stdout: " + result.out() + "\nstderr: " + result.err());
    assertTrue(report.get("router").get("points").size() > 2, result.out());
    assertEquals(3, report.get("singleTiers").size());
    assertTrue(report.get("oracle").has("quality"));
    assertTrue(report.get("staticPerTask").get("points").size() > 0);
    assertTrue(report.get("metrics").get("router").has("aiq"), report.get("metrics").toString());
  }

  @Test
  void evalScoresATrainedArtifact() throws Exception {
    Result result =
        run(
            "eval",
            "--router",
            HOME.resolve("models/default").toString(),
            "--test",
            SHARED.resolve("data/arena-bench-v1").toString(),
            "--json");
    assertEquals(0, result.code(), result.err());
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertEquals(3, report.get("singleTiers").size(), result.out());
    assertTrue(report.get("router").get("points").size() > 2);
  }

  @Test
  void badInputGivesOneClearLineAndAnExitCode(@TempDir Path dir) {
    Result missing = run("route", "--router", dir.resolve("absent").toString(), "hi");
    assertEquals(ExitCode.BAD_INPUT.code(), missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().contains("absent"), missing.err());

    Result badTarget = run("route", "--target", "speed=3", "hi");
    assertEquals(ExitCode.USAGE.code(), badTarget.code());
    assertTrue(badTarget.err().contains("unknown target 'speed'"), badTarget.err());

    Result noMode = run("eval", "--train", SHARED.resolve("data/arena-bench-v1").toString());
    assertEquals(ExitCode.BAD_INPUT.code(), noMode.code());
    assertTrue(noMode.err().contains("choose exactly one mode"), noMode.err());
  }

  @Test
  void serveRefusesAnInvalidConfigurationWithOneLineNamingTheKey(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(config, "server: {port: 70000}\n");
    Result result = run("serve", "--config", config.toString());
    assertEquals(io.tierwise.config.ConfigException.EXIT_CODE, result.code());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(result.err().contains("server.port"), result.err());

    Result missing = run("serve", "--config", dir.resolve("absent.yaml").toString());
    assertEquals(io.tierwise.config.ConfigException.EXIT_CODE, missing.code());
    assertTrue(missing.err().contains("absent.yaml"), missing.err());
  }

  @Test
  void serveRefusesTiersThatDoNotCoverTheRoutersTiers(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("two-tiers.yaml");
    java.nio.file.Files.writeString(
        config,
        """
        server: {port: 0}
        router: {artifact: %s}
        gateway: {request-log: %s}
        tiers:
          - {name: small, base-url: "http://127.0.0.1:9/v1", model: s, prices: {input: 1, output: 1}}
          - {name: medium, base-url: "http://127.0.0.1:9/v1", model: m, prices: {input: 1, output: 1}}
        """
            .formatted(HOME.resolve("models/default"), dir.resolve("requests.sqlite")));
    Result result = run("serve", "--config", config.toString());
    assertEquals(ExitCode.BAD_INPUT.code(), result.code(), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(result.err().contains("[large]"), result.err());
  }
}
