package io.tierwise.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierwise.config.FeedbackSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged feedback survives an abrupt stop: a child JVM serves {@code /v1/route} and {@code
 * /v1/feedback}; it is killed (SIGKILL, no shutdown hooks, no close) right after the last
 * acknowledgement, and the reopened store holds exactly the acknowledged records, each with its
 * decision, though decisions themselves were only queued when their feedback arrived.
 */
class FeedbackDurabilityTest {

  private static final List<String> JVM_FLAGS =
      List.of(
          "-Dai.djl.offline=true",
          "-DOPT_OUT_TRACKING=true",
          "--enable-native-access=ALL-UNNAMED",
          "--add-modules",
          "jdk.incubator.vector");
  private static final int RECORDS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void acknowledgedFeedbackSurvivesAKilledProcess() throws Exception {
    Path db = dir.resolve("feedback.db");
    Process child = startChild(db);
    List<String> acknowledged = new ArrayList<>();
    try {
      int port = awaitPort(child);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = URI.create("http://127.0.0.1:" + port);
      for (int i = 0; i < RECORDS; i++) {
        HttpResponse<String> routed =
            post(http, base.resolve("/v1/route"), "{\"prompt\": \"p" + i + "\"}");
        assertEquals(200, routed.statusCode(), routed.body());
        String id = JSON.readTree(routed.body()).get("id").asText();
        HttpResponse<String> ack =
            post(
                http,
                base.resolve("/v1/feedback"),
                "{\"decisionId\": \"" + id + "\", \"score\": 0.5, \"source\": \"user\"}");
        assertEquals(201, ack.statusCode(), ack.body());
        acknowledged.add(id);
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
    }

    try (FeedbackStore reopened =
        FeedbackStore.open(FeedbackSettings.defaults().withStore(db), new SimpleMeterRegistry())) {
      assertEquals(RECORDS, reopened.count("feedback"));
      for (String id : acknowledged) {
        assertTrue(reopened.findFeedback(id, LabelSource.USER).isPresent(), id);
        assertTrue(reopened.findDecision(id).isPresent(), "decision of " + id);
      }
    }
  }

  private static Process startChild(Path db) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FeedbackServerMain.class.getName());
    command.add(db.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static int awaitPort(Process child) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("listening ")) {
        int port = Integer.parseInt(line.substring("listening ".length()).strip());
        // Keep draining so the child never blocks on a full pipe.
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
        return port;
      }
      seen.add(line);
    }
    throw new AssertionError("child exited before listening: " + String.join("\n", seen));
  }

  private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
