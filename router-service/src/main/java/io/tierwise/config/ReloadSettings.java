package io.tierwise.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Hot reload of the router (YAML section {@code reload}).
 *
 * @param modelsDir directory whose subdirectories are router artifacts; the newest one marked
 *     promotable is what {@code POST /admin/reload} (and polling) loads; empty: reload re-reads the
 *     serving artifact unless the request names one
 * @param pollInterval how often to look in {@code modelsDir} for a newer promotable artifact; zero
 *     turns polling off
 * @param adminTokenEnv environment variable holding the token the {@code /admin} endpoints require
 *     ({@code Authorization: Bearer <token>}); when it is unset, only loopback callers are admitted
 */
public record ReloadSettings(
    Optional<Path> modelsDir, Duration pollInterval, String adminTokenEnv) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ZERO;
  public static final String DEFAULT_ADMIN_TOKEN_ENV = "TIERWISE_ADMIN_TOKEN";

  public ReloadSettings {
    Objects.requireNonNull(modelsDir, "modelsDir");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(adminTokenEnv, "adminTokenEnv");
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("pollInterval must be >= 0, got: " + pollInterval);
    }
    if (!pollInterval.isZero() && modelsDir.isEmpty()) {
      throw new IllegalArgumentException("poll-interval needs models-dir to say where to look");
    }
    if (!adminTokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "adminTokenEnv must be an environment variable name, got: " + adminTokenEnv);
    }
  }

  public static ReloadSettings defaults() {
    return new ReloadSettings(Optional.empty(), DEFAULT_POLL_INTERVAL, DEFAULT_ADMIN_TOKEN_ENV);
  }

  /** The admin token, when its variable is set and not blank in {@code env}. */
  public Optional<String> adminToken(java.util.Map<String, String> env) {
    return Optional.ofNullable(env.get(adminTokenEnv)).map(String::strip).filter(s -> !s.isEmpty());
  }

  static ReloadSettings read(SettingsReader section) {
    Optional<Path> modelsDir = section.path("models-dir");
    Duration poll =
        section.duration("poll-interval", DEFAULT_POLL_INTERVAL, Duration.ZERO, Duration.ofDays(1));
    String tokenEnv = section.text("admin-token-env", DEFAULT_ADMIN_TOKEN_ENV);
    return section.build(() -> new ReloadSettings(modelsDir, poll, tokenEnv));
  }
}
