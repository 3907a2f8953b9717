package io.tierwise.reload;

import io.tierwise.http.ApiException;

/**
 * A reload or rollback that cannot be done now, with the status the admin endpoint answers: 409
 * when another reload is running or there is nothing to roll back to, 422 when the artifact failed
 * to load (the old router keeps serving), 503 before the first router is loaded or after close.
 */
public final class ReloadException extends ApiException {

  ReloadException(int status, String code, String message, Throwable cause) {
    super(status, code, message, cause);
  }

  static ReloadException conflict(String code, String message) {
    return new ReloadException(409, code, message, null);
  }

  static ReloadException loadFailed(String message, Throwable cause) {
    return new ReloadException(422, "artifact_load_failed", message, cause);
  }

  static ReloadException unavailable(String message) {
    return new ReloadException(503, "router_not_ready", message, null);
  }
}
