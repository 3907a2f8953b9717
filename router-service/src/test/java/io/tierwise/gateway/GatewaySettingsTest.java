package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway settings records validate what serve.GatewayUpstreams builds from application.yaml.
 */
class GatewaySettingsTest {

  @TempDir Path dir;

  @Test
  void apiKeysComeFromEnvironmentOrFileAndNeverShowInToString() throws Exception {
    Path keyFile = dir.resolve("key.txt");
    Files.writeString(keyFile, "sk-from-file\n");
    ApiKey fromFile = new ApiKeySource.File(keyFile).resolve(name -> null).orElseThrow();
    assertEquals(ApiKey.of("sk-from-file"), fromFile);
    assertEquals("Bearer sk-from-file", fromFile.bearerValue());
    assertFalse(fromFile.toString().contains("sk-"), fromFile.toString());

    ApiKey fromEnv = new ApiKeySource.Env("KEY").resolve(name -> "sk-env").orElseThrow();
    assertEquals("ApiKey[redacted]", fromEnv.toString());

    GatewayConfigException unset =
        assertThrows(
            GatewayConfigException.class, () -> new ApiKeySource.Env("NOPE").resolve(name -> null));
    assertTrue(unset.getMessage().contains("'NOPE'"), unset.getMessage());
    GatewayConfigException noFile =
        assertThrows(
            GatewayConfigException.class,
            () -> new ApiKeySource.File(dir.resolve("absent")).resolve(name -> null));
    assertTrue(noFile.getMessage().contains("absent"), noFile.getMessage());
  }

  @Test
  void settingsRecordsValidateWithTheBadValueInTheMessage() {
    IllegalArgumentException threshold =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CircuitBreakerSettings(0, Duration.ofSeconds(1), Duration.ofSeconds(1), 1));
    assertTrue(threshold.getMessage().contains("got: 0"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TimeoutSettings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> UpstreamSettings.of("x", "small", URI.create("ftp://host/v1"), "m"));
    assertEquals(
        URI.create("http://h/v1"),
        UpstreamSettings.of("x", "small", URI.create("http://h/v1/"), "m").baseUrl());
    UpstreamSettings a = UpstreamSettings.of("a", "small", URI.create("http://h/v1"), "m");
    assertThrows(IllegalArgumentException.class, () -> GatewaySettings.of(List.of(a, a)));
  }
}
