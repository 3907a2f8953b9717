package io.tierwise.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierwise.config.FeedbackSettings;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.http.JsonCodec;
import io.tierwise.http.RouterSupplier;
import io.tierwise.http.TierwiseServer;
import io.tierwise.reload.VersionedRouter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v1/feedback} over a real socket, with decisions from {@code /v1/route}. */
class FeedbackApiTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path dir;

  static FeedbackStore store;
  static TierwiseServer server;
  static RouterSupplier routers;

  @BeforeAll
  static void start() {
    TierwiseSettings settings =
        TierwiseSettings.parse("test", "server: {port: 0, access-log: false}", Map.of());
    store =
        FeedbackStore.open(
            FeedbackSettings.defaults().withStore(dir.resolve("feedback.db")),
            new SimpleMeterRegistry());
    routers = RouterSupplier.of(new VersionedRouter("v1"));
    server =
        TierwiseServer.builder(settings, routers)
            .decisionRecorder(store)
            .register(new FeedbackService(store, new JsonCodec(64 * 1024)))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    routers.close();
    store.close();
  }

  static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String routedDecision() throws Exception {
    HttpResponse<String> routed = post("/v1/route", "{\"prompt\": \"hello\"}");
    assertEquals(200, routed.statusCode(), routed.body());
    return JSON.readTree(routed.body()).get("id").asText();
  }

  static JsonNode error(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals(code, error.get("code").asText(), response.body());
    assertEquals(3, error.size(), response.body());
    return error;
  }

  @Test
  void feedbackForARoutedDecisionIsStoredOnceAndRepeatsReturnTheStoredRecord() throws Exception {
    String id = routedDecision();
    String body =
        "{\"decisionId\": \""
            + id
            + "\", \"thumbs\": \"up\", \"source\": \"user\", \"note\": \"ok\"}";

    HttpResponse<String> first = post("/v1/feedback", body);
    HttpResponse<String> again = post("/v1/feedback", body);

    assertEquals(201, first.statusCode(), first.body());
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(JSON.readTree(first.body()), JSON.readTree(again.body()));
    JsonNode stored = JSON.readTree(first.body());
    assertEquals(1.0, stored.get("score").asDouble());
    assertEquals("up", stored.get("thumbs").asText());
    assertEquals("ok", stored.get("note").asText());
    assertEquals(1.0, store.findFeedback(id, LabelSource.USER).orElseThrow().feedback().score());
  }

  @Test
  void aConflictingRepeatIsRefusedAndTheFirstLabelStands() throws Exception {
    String id = routedDecision();
    post(
        "/v1/feedback", "{\"decisionId\": \"" + id + "\", \"score\": 0.25, \"source\": \"judge\"}");

    HttpResponse<String> changed =
        post(
            "/v1/feedback",
            "{\"decisionId\": \"" + id + "\", \"score\": 0.75, \"source\": \"judge\"}");

    String message = error(changed, 409, "feedback_conflict").get("message").asText();
    assertTrue(message.contains("0.25"), message);
    assertEquals(0.25, store.findFeedback(id, LabelSource.JUDGE).orElseThrow().feedback().score());
  }

  @Test
  void anUnknownDecisionIs404() throws Exception {
    HttpResponse<String> response =
        post("/v1/feedback", "{\"decisionId\": \"d-missing\", \"score\": 1, \"source\": \"user\"}");

    error(response, 404, "unknown_decision");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"score\": 1, \"source\": \"user\"}|invalid_decision_id",
        "{\"decisionId\": 7, \"score\": 1, \"source\": \"user\"}|invalid_decision_id",
        "{\"decisionId\": \"d\", \"score\": 1.5, \"source\": \"user\"}|invalid_score",
        "{\"decisionId\": \"d\", \"score\": \"high\", \"source\": \"user\"}|invalid_score",
        "{\"decisionId\": \"d\", \"source\": \"user\"}|invalid_score",
        "{\"decisionId\": \"d\", \"score\": 1, \"thumbs\": \"up\", \"source\": \"user\"}|invalid_score",
        "{\"decisionId\": \"d\", \"thumbs\": \"sideways\", \"source\": \"user\"}|invalid_thumbs",
        "{\"decisionId\": \"d\", \"score\": 1}|invalid_source",
        "{\"decisionId\": \"d\", \"score\": 1, \"source\": \"local-confidence\"}|invalid_source",
        "{\"decisionId\": \"d\", \"score\": 1, \"source\": \"user\", \"rating\": 5}|unknown_field",
        "[1, 2]|invalid_body",
      })
  void invalidFieldsAre400NamingTheField(String body, String code) throws Exception {
    error(post("/v1/feedback", body), 400, code);
  }

  @Test
  void batchDecisionsCanReceiveFeedbackToo() throws Exception {
    HttpResponse<String> batch =
        post("/v1/route:batch", "{\"requests\": [{\"prompt\": \"a\"}, {\"prompt\": \"b\"}]}");
    assertEquals(200, batch.statusCode(), batch.body());
    String second = JSON.readTree(batch.body()).get("decisions").get(1).get("id").asText();

    HttpResponse<String> response =
        post(
            "/v1/feedback",
            "{\"decisionId\": \""
                + second
                + "\", \"thumbs\": \"down\", \"source\": \"validator\"}");

    assertEquals(201, response.statusCode(), response.body());
    store.flush();
    DecisionRecord decision = store.findDecision(second).orElseThrow();
    assertEquals(DecisionOrigin.ROUTE_BATCH, decision.origin());
    assertEquals("b", decision.prompt());
    assertEquals("v1", decision.routerVersion());
    assertEquals(Optional.empty(), decision.tenant());
  }
}
