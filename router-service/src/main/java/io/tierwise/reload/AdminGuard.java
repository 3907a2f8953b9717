package io.tierwise.reload;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.tierwise.http.ApiException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the {@code /admin} endpoints. With an admin token (from the environment variable
 * {@code reload.admin-token-env} names), a caller must send {@code Authorization: Bearer <token>},
 * from any address; without one, only loopback callers are admitted, so an operator on the host can
 * reload but nobody on the network can.
 */
public final class AdminGuard {

  private final Optional<byte[]> expected;

  private AdminGuard(Optional<String> token) {
    this.expected = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
  }

  /** A guard requiring {@code token}, or loopback callers when empty. */
  public static AdminGuard of(Optional<String> token) {
    Objects.requireNonNull(token, "token");
    token.ifPresent(
        t -> {
          if (t.isBlank()) {
            throw new IllegalArgumentException("admin token must not be blank");
          }
        });
    return new AdminGuard(token);
  }

  /** Whether a token is required (else loopback only). */
  public boolean requiresToken() {
    return expected.isPresent();
  }

  /**
   * @throws ApiException 401 for a missing or wrong token, 403 for a non-loopback caller when no
   *     token is configured
   */
  void check(ServerRequest request) {
    if (expected.isPresent()) {
      byte[] sent =
          request
              .headers()
              .first(HeaderNames.AUTHORIZATION)
              .map(v -> v.getBytes(StandardCharsets.UTF_8))
              .orElse(new byte[0]);
      // Constant-time comparison: response timing must not reveal how much of a guess matched.
      if (!MessageDigest.isEqual(sent, expected.get())) {
        throw new ApiException(
            401, "admin_unauthorized", "admin endpoints need Authorization: Bearer <admin token>");
      }
      return;
    }
    SocketAddress peer = request.remotePeer().address();
    boolean loopback =
        peer instanceof InetSocketAddress inet
            && inet.getAddress() != null
            && inet.getAddress().isLoopbackAddress();
    if (!loopback) {
      throw new ApiException(
          403,
          "admin_forbidden",
          "admin endpoints accept only loopback callers unless an admin token is configured"
              + " (reload.admin-token-env)");
    }
  }
}
