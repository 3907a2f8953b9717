package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierwise.gateway.FakeOpenAiUpstream.Answer;
import io.tierwise.gateway.FakeOpenAiUpstream.StallMidStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the gateway with the official {@code openai} npm package, so wire compatibility is checked
 * by the client most integrations use rather than by our own reading of the API. Installs the
 * pinned SDK into {@code target/npm-e2e} (once) with the machine's npm and runs {@code
 * src/test/js/openai-e2e.mjs} with node. Part of the normal suite; tagged so it can be excluded on
 * a machine without Node.js.
 *
 * <p>Pinned to openai 6.49.0, the newest release that supports Node 20 (the machine's Node.js);
 * openai 7.x requires Node 22.
 */
@Tag("npm")
class OpenAiSdkCompatibilityTest {

  static final String OPENAI_SDK_VERSION = "6.49.0";

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void officialSdkReadsCompletionsStreamsUsageHeadersAndErrors() throws Exception {
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path work = module.resolve("target/npm-e2e");
    requireTool("node");
    requireTool("npm");
    installSdk(work);
    Path script = work.resolve("openai-e2e.mjs");
    Files.copy(
        module.resolve("src/test/js/openai-e2e.mjs"), script, StandardCopyOption.REPLACE_EXISTING);

    GatewayHarness.Options options = new GatewayHarness.Options();
    options.smallSettings =
        s ->
            s.withTimeouts(
                new TimeoutSettings(
                    Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(10)));
    try (GatewayHarness h = new GatewayHarness(dir, options)) {
      // Requests in script order: models, non-streaming, streaming (small); interrupted stream
      // (small goes silent after one token, past its read timeout); the unknown model never
      // reaches an upstream.
      h.small.then(new Answer(true), new Answer(true), new StallMidStream(1));
      ProcessResult run =
          run(work, List.of("node", script.toString(), h.url("/v1").toString()), 120);
      if (run.exitCode() != 0) {
        fail("openai-e2e.mjs failed (exit " + run.exitCode() + "):\n" + run.output());
      }
      String lastLine = run.stdout().strip().lines().reduce((a, b) -> b).orElse("");
      JsonNode result = JSON.readTree(lastLine);

      assertEquals("tierwise/auto", result.at("/models/0").asText(), lastLine);

      JsonNode plain = result.path("nonStreaming");
      assertEquals("chat.completion", plain.path("object").asText());
      assertEquals(h.small.answer(), plain.path("content").asText());
      assertEquals("stop", plain.path("finishReason").asText());
      assertEquals(FakeOpenAiUpstream.PROMPT_TOKENS, plain.at("/usage/prompt_tokens").asInt());
      assertEquals(4, plain.at("/usage/completion_tokens").asInt());
      assertEquals("small", plain.at("/headers/tier").asText());
      assertEquals("small-instruct", plain.at("/headers/model").asText());
      assertEquals("0.0000015", plain.at("/headers/costUsd").asText());
      String plainDecision = plain.at("/headers/decisionId").asText();
      assertEquals(64, h.small.received().get(0).path("max_tokens").asInt());

      JsonNode streamed = result.path("streaming");
      assertEquals(h.small.answer(), streamed.path("content").asText());
      assertEquals(5, streamed.path("chunks").asInt(), "4 token chunks and 1 usage chunk");
      assertEquals(4, streamed.at("/usage/completion_tokens").asInt());
      assertEquals("small", streamed.at("/headers/tier").asText());
      assertFalse(streamed.at("/headers/decisionId").asText().isEmpty());

      JsonNode interrupted = result.path("interrupted");
      assertEquals("APIError", interrupted.path("error").asText(), interrupted.toString());
      assertTrue(
          interrupted.path("message").asText().contains("no data from upstream for 500 ms"),
          interrupted.toString());
      assertEquals("stream_interrupted", interrupted.path("code").asText());
      assertEquals("small", interrupted.path("partialContent").asText());

      JsonNode notFound = result.path("notFound");
      assertEquals("NotFoundError", notFound.path("error").asText());
      assertEquals(404, notFound.path("status").asInt());
      assertEquals("model_not_found", notFound.path("code").asText());

      RequestRecord row = h.requestLog.find(plainDecision).orElseThrow();
      assertEquals("npm-e2e", row.tenant());
      assertEquals("sdk-compat", row.workflow());
    }
  }

  /** Installs the pinned SDK unless that exact version is already there. */
  private static void installSdk(Path work) throws Exception {
    Path installed = work.resolve("node_modules/openai/package.json");
    if (Files.exists(installed)
        && OPENAI_SDK_VERSION.equals(JSON.readTree(installed.toFile()).path("version").asText())) {
      return;
    }
    Files.createDirectories(work);
    Path manifest = work.resolve("package.json");
    if (!Files.exists(manifest)) {
      Files.writeString(manifest, "{\"name\":\"tierwise-npm-e2e\",\"private\":true}\n");
    }
    ProcessResult install =
        run(
            work,
            List.of("npm", "install", "--no-audit", "--no-fund", "openai@" + OPENAI_SDK_VERSION),
            600);
    if (install.exitCode() != 0 || !Files.exists(installed)) {
      fail(
          "npm install openai@"
              + OPENAI_SDK_VERSION
              + " failed (exit "
              + install.exitCode()
              + "); the npm registry must be reachable:\n"
              + install.output());
    }
  }

  private static void requireTool(String tool) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      // fall through to the failure below
    }
    fail(
        "'"
            + tool
            + "' is not on PATH: this test needs Node.js and npm (e.g. apt-get install nodejs npm)"
            + " to run the official openai SDK against the gateway");
  }

  private record ProcessResult(int exitCode, String stdout, String stderr) {
    String output() {
      return "--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  private static ProcessResult run(Path cwd, List<String> command, long timeoutSeconds)
      throws Exception {
    Path out = Files.createTempFile("tierwise-npm", ".out");
    Path err = Files.createTempFile("tierwise-npm", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(cwd.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      return new ProcessResult(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
