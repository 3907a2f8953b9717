package io.tierwise.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * What a handler learned about one request that belongs in its access-log line: tenant, workflow,
 * decision id, batch size, error code. Handlers of any service fill it through {@link
 * #of(ServerRequest)}; {@link RequestTelemetry} writes it when the response is done.
 */
public final class RequestAudit {

  private volatile String tenant;
  private volatile String workflow;
  private volatile String decisionId;
  private volatile int batchSize;
  private volatile String errorCode;

  /**
   * The audit of {@code request}; a detached one when the request did not pass {@link
   * RequestTelemetry} (e.g. in routing-only tests), so handlers never need to check.
   */
  public static RequestAudit of(ServerRequest request) {
    return request.context().get(RequestAudit.class).orElseGet(RequestAudit::new);
  }

  public RequestAudit tenant(String value) {
    this.tenant = Objects.requireNonNull(value, "tenant");
    return this;
  }

  public RequestAudit workflow(String value) {
    this.workflow = Objects.requireNonNull(value, "workflow");
    return this;
  }

  public RequestAudit decisionId(String value) {
    this.decisionId = Objects.requireNonNull(value, "decisionId");
    return this;
  }

  public RequestAudit batchSize(int value) {
    this.batchSize = value;
    return this;
  }

  public RequestAudit errorCode(String value) {
    this.errorCode = Objects.requireNonNull(value, "errorCode");
    return this;
  }

  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  public Optional<String> workflow() {
    return Optional.ofNullable(workflow);
  }

  public Optional<String> decisionId() {
    return Optional.ofNullable(decisionId);
  }

  /** Requests in a batch call, or 0 for a single one. */
  public int batchSize() {
    return batchSize;
  }

  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }
}
