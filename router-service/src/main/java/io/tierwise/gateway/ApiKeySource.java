package io.tierwise.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where an upstream's API key comes from. Config names the source, never the key itself, so keys
 * stay out of config files and logs.
 */
public sealed interface ApiKeySource {

  /**
   * Reads the key.
   *
   * @param environment looks up environment variables ({@code System::getenv} in production)
   * @return the key, or empty for an upstream that needs none
   * @throws GatewayConfigException when the named variable is unset or the file is unreadable
   */
  Optional<ApiKey> resolve(UnaryOperator<String> environment);

  /** The upstream needs no key (a local model server). */
  record None() implements ApiKeySource {
    @Override
    public Optional<ApiKey> resolve(UnaryOperator<String> environment) {
      return Optional.empty();
    }
  }

  /**
   * The key was already read by the application's configuration (which names its own env variable
   * or file); its {@code toString} stays redacted.
   */
  record Resolved(ApiKey key) implements ApiKeySource {
    public Resolved {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Optional<ApiKey> resolve(UnaryOperator<String> environment) {
      return Optional.of(key);
    }
  }

  /** The key is in an environment variable. */
  record Env(String variable) implements ApiKeySource {
    public Env {
      Objects.requireNonNull(variable, "variable");
      if (variable.isBlank()) {
        throw new IllegalArgumentException("API key environment variable name must not be blank");
      }
    }

    @Override
    public Optional<ApiKey> resolve(UnaryOperator<String> environment) {
      String value = environment.apply(variable);
      if (value == null || value.isBlank()) {
        throw new GatewayConfigException(
            "API key environment variable '" + variable + "' is not set or empty");
      }
      return Optional.of(ApiKey.of(value));
    }
  }

  /** The key is the content of a file (a mounted secret). */
  record File(Path path) implements ApiKeySource {
    public File {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public Optional<ApiKey> resolve(UnaryOperator<String> environment) {
      String value;
      try {
        value = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new GatewayConfigException("cannot read API key file " + path + ": " + e, e);
      }
      if (value.isBlank()) {
        throw new GatewayConfigException("API key file " + path + " is empty");
      }
      return Optional.of(ApiKey.of(value));
    }
  }
}
