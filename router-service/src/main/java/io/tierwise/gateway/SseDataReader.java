package io.tierwise.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code data} payloads of a server-sent event stream, one event at a time. Comments,
 * {@code event:}, {@code id:} and {@code retry:} fields are skipped; an event cut off by the end of
 * the stream is discarded, as the SSE specification requires.
 */
final class SseDataReader {

  private final BufferedReader reader;

  SseDataReader(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The next event's data (multi-line data joined with {@code \n}), or null at end of stream. */
  String next() throws IOException {
    StringBuilder data = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return data.toString();
        }
        continue;
      }
      if (!line.startsWith("data:")) {
        continue;
      }
      String value = line.substring(5);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    }
    return null;
  }
}
