package io.tierwise.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reads JSON request bodies under a size limit and writes JSON responses with one shared Jackson
 * mapper. Bodies are read as bytes here rather than through Helidon's media support so that the
 * size limit answers 413 before parsing and syntax errors can name their line and column.
 */
public final class JsonCodec {

  private final ObjectMapper mapper;
  private final long maxBodyBytes;

  /**
   * @param maxBodyBytes largest accepted body; larger ones fail with HTTP 413
   */
  public JsonCodec(long maxBodyBytes) {
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "maxBodyBytes must be in [1, " + (Integer.MAX_VALUE - 16) + "], got: " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.mapper =
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
  }

  /** The shared mapper, for services that bind their own request types. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Reads and parses the request body.
   *
   * @throws ApiException 413 when the body exceeds the limit, 400 when it is empty or not JSON
   */
  public JsonNode readBody(ServerRequest request) {
    Objects.requireNonNull(request, "request");
    OptionalLong declared = request.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
      throw tooLarge(declared.getAsLong() + " bytes");
    }
    byte[] body;
    try (InputStream in = request.content().inputStream()) {
      body = in.readNBytes((int) maxBodyBytes + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body failed", e);
    }
    if (body.length > maxBodyBytes) {
      throw tooLarge("more than " + maxBodyBytes + " bytes");
    }
    return parse(body);
  }

  /**
   * Parses a JSON document.
   *
   * @throws ApiException 400 naming the line and column of a syntax error
   */
  public JsonNode parse(byte[] json) {
    if (json.length == 0) {
      throw ApiException.badRequest(
          "invalid_json", "request body is empty; expected a JSON object");
    }
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiException.badRequest(
          "invalid_json", "request body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("parsing an in-memory body failed", e);
    }
  }

  /** Sends {@code body} as JSON with the response's current status. */
  public void send(ServerResponse response, Object body) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "response is not serialisable as JSON: " + body.getClass(), e);
    }
    response.header(HeaderValues.CONTENT_TYPE_JSON);
    response.send(bytes);
  }

  private ApiException tooLarge(String size) {
    return ApiException.tooLarge(
        "request body is "
            + size
            + "; the limit is "
            + maxBodyBytes
            + " bytes (server.max-request-bytes)");
  }
}
