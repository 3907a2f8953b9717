package io.tierwise.http;

import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The one place where exceptions become HTTP responses, all in the OpenAI error shape {@code
 * {"error":{"message","type","code"}}}: {@link ApiException} keeps its status and code, Helidon's
 * {@link HttpException} (unknown path, bad request line) keeps its status, and anything else is a
 * 500 whose details stay in the server log under a reference the client can quote. Stack traces
 * never reach the client.
 */
public final class ErrorMapping {

  private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

  private final JsonCodec json;

  public ErrorMapping(JsonCodec json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The body of every error response. */
  public record ErrorBody(Detail error) {
    public record Detail(String message, String type, String code) {}
  }

  /** Registers the error handlers on {@code routing}. */
  public void register(HttpRouting.Builder routing) {
    routing.error(ApiException.class, this::apiError);
    routing.error(HttpException.class, this::httpError);
    routing.error(Exception.class, this::unexpected);
  }

  private void apiError(ServerRequest request, ServerResponse response, ApiException e) {
    if (e.status() == 503) {
      response.header("Retry-After", "1");
    }
    send(request, response, e.status(), e.type(), e.code(), e.getMessage());
  }

  private void httpError(ServerRequest request, ServerResponse response, HttpException e) {
    Status status = e.status();
    if (status.code() == 404) {
      send(
          request,
          response,
          404,
          "invalid_request_error",
          "not_found",
          "no endpoint " + request.prologue().method().text() + " " + request.path().rawPath());
      return;
    }
    int code = status.code() >= 400 && status.code() <= 599 ? status.code() : 500;
    String message = e.getMessage() == null ? status.reasonPhrase() : e.getMessage();
    send(
        request,
        response,
        code,
        code < 500 ? "invalid_request_error" : "server_error",
        status.reasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_'),
        message);
  }

  private void unexpected(ServerRequest request, ServerResponse response, Exception e) {
    String reference = UUID.randomUUID().toString();
    LOG.log(
        System.Logger.Level.ERROR,
        "unexpected error for "
            + request.prologue().method().text()
            + " "
            + request.path().rawPath()
            + " (reference "
            + reference
            + ")",
        e);
    send(
        request,
        response,
        500,
        "server_error",
        "internal_error",
        "internal error; the server log has the details under reference " + reference);
  }

  private void send(
      ServerRequest request,
      ServerResponse response,
      int status,
      String type,
      String code,
      String message) {
    RequestAudit.of(request).errorCode(code);
    response.status(status);
    json.send(response, new ErrorBody(new ErrorBody.Detail(message, type, code)));
  }
}
