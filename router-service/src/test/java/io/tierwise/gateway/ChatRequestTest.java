package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UpstreamSettings CAPPED =
      UpstreamSettings.of("u", "small", URI.create("http://h/v1"), "served-model")
          .withMaxOutputTokens(100);

  private static ChatRequest parse(String json) {
    return ChatRequest.parse(json.getBytes(StandardCharsets.UTF_8), JSON);
  }

  private static JsonNode upstreamBody(String json) throws Exception {
    return JSON.readTree(parse(json).forUpstream(CAPPED, JSON));
  }

  @Test
  void keepsUnknownFieldsAndSwapsTheModel() throws Exception {
    JsonNode body =
        upstreamBody(
            "{\"model\":\"tierwise/auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.3,\"seed\":7}");
    assertEquals("served-model", body.path("model").asText());
    assertEquals(0.3, body.path("temperature").asDouble());
    assertEquals(7, body.path("seed").asInt());
  }

  @Test
  void clampsTokenLimitsAndAddsTheCapWhenAbsent() throws Exception {
    String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    assertEquals(100, upstreamBody(base + ",\"max_tokens\":5000}").path("max_tokens").asInt());
    assertEquals(40, upstreamBody(base + ",\"max_tokens\":40}").path("max_tokens").asInt());
    JsonNode completion = upstreamBody(base + ",\"max_completion_tokens\":900}");
    assertEquals(100, completion.path("max_completion_tokens").asInt());
    assertFalse(completion.has("max_tokens"));
    assertEquals(100, upstreamBody(base + "}").path("max_tokens").asInt());
    assertEquals(100, upstreamBody(base + ",\"max_tokens\":null}").path("max_tokens").asInt());
  }

  @Test
  void streamsAlwaysAskTheUpstreamForUsageButRememberWhatTheClientAsked() throws Exception {
    String json =
        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"foo\":1},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    ChatRequest request = parse(json);
    assertTrue(request.stream());
    assertFalse(request.includeUsage());
    JsonNode body = JSON.readTree(request.forUpstream(CAPPED, JSON));
    assertTrue(body.at("/stream_options/include_usage").asBoolean());
    assertEquals(1, body.at("/stream_options/foo").asInt());
  }

  @Test
  void rejectsMalformedRequestsWithOpenAiCodes() {
    assertEquals(
        "invalid_json", assertThrows(OpenAiErrorException.class, () -> parse("[1]")).code());
    assertEquals("invalid_json", assertThrows(OpenAiErrorException.class, () -> parse("")).code());
    assertEquals(
        "missing_model",
        assertThrows(
                OpenAiErrorException.class,
                () -> parse("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
            .code());
    assertEquals(
        "invalid_stream",
        assertThrows(
                OpenAiErrorException.class,
                () ->
                    parse(
                        "{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
            .code());
    assertEquals(
        400, assertThrows(OpenAiErrorException.class, () -> parse("{\"model\":\"m\"}")).status());
  }
}
