package io.tierwise.gateway;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** An upstream response whose headers have arrived and whose body is still to be read. */
final class UpstreamExchange implements AutoCloseable {

  private final int status;
  private final HttpHeaders headers;
  private final DeadlineInputStream body;

  UpstreamExchange(int status, HttpHeaders headers, DeadlineInputStream body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  int status() {
    return status;
  }

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  DeadlineInputStream body() {
    return body;
  }

  /** Reads the whole body, refusing bodies larger than {@code maxBytes}. */
  byte[] readBody(int maxBytes) throws IOException {
    byte[] bytes = body.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new IOException("upstream response body exceeds " + maxBytes + " bytes");
    }
    return bytes;
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // The exchange is being abandoned; nothing useful can be done with a close failure.
    }
  }
}
