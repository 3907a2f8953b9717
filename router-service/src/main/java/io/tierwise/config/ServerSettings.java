package io.tierwise.config;

import java.util.Objects;

/**
 * The HTTP listener and the limits it enforces on requests (YAML section {@code server}).
 *
 * @param host address to bind; loopback by default so nothing is exposed unless asked
 * @param port TCP port; {@code 0} picks a free one
 * @param maxRequestBytes largest accepted request body; larger bodies get HTTP 413
 * @param maxPromptChars longest prompt (or conversation, all messages together) in characters
 * @param maxBatchRequests most requests in one {@code POST /v1/route:batch}
 * @param accessLog whether to write one JSON access-log line per request to stdout
 */
public record ServerSettings(
    String host,
    int port,
    long maxRequestBytes,
    int maxPromptChars,
    int maxBatchRequests,
    boolean accessLog) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_REQUEST_BYTES = 1_048_576;
  public static final int DEFAULT_MAX_PROMPT_CHARS = 100_000;
  public static final int DEFAULT_MAX_BATCH_REQUESTS = 64;
  public static final boolean DEFAULT_ACCESS_LOG = true;

  /** Bodies are read into one array, so the limit stays well below the JVM's array size limit. */
  public static final long MAX_REQUEST_BYTES_LIMIT = 256L * 1024 * 1024;

  public ServerSettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got: " + port);
    }
    if (maxRequestBytes < 1 || maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be in [1, "
              + MAX_REQUEST_BYTES_LIMIT
              + "], got: "
              + maxRequestBytes);
    }
    if (maxPromptChars < 1) {
      throw new IllegalArgumentException("maxPromptChars must be >= 1, got: " + maxPromptChars);
    }
    if (maxBatchRequests < 1) {
      throw new IllegalArgumentException("maxBatchRequests must be >= 1, got: " + maxBatchRequests);
    }
  }

  /** All defaults. */
  public static ServerSettings defaults() {
    return new ServerSettings(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_PROMPT_CHARS,
        DEFAULT_MAX_BATCH_REQUESTS,
        DEFAULT_ACCESS_LOG);
  }

  /** The same settings on another port, e.g. {@code 0} in tests. */
  public ServerSettings withPort(int newPort) {
    return new ServerSettings(
        host, newPort, maxRequestBytes, maxPromptChars, maxBatchRequests, accessLog);
  }

  static ServerSettings read(SettingsReader section) {
    String host = section.text("host", DEFAULT_HOST);
    int port = section.integer("port", DEFAULT_PORT, 0, 65_535);
    long maxRequestBytes =
        section.longInteger(
            "max-request-bytes", DEFAULT_MAX_REQUEST_BYTES, 1, MAX_REQUEST_BYTES_LIMIT);
    int maxPromptChars =
        section.integer("max-prompt-chars", DEFAULT_MAX_PROMPT_CHARS, 1, Integer.MAX_VALUE);
    int maxBatchRequests =
        section.integer("max-batch-requests", DEFAULT_MAX_BATCH_REQUESTS, 1, 100_000);
    boolean accessLog = section.bool("access-log", DEFAULT_ACCESS_LOG);
    return section.build(
        () ->
            new ServerSettings(
                host, port, maxRequestBytes, maxPromptChars, maxBatchRequests, accessLog));
  }
}
