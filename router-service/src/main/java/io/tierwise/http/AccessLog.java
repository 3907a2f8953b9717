package io.tierwise.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Writes one JSON line per request, e.g. {@code {"ts":"2026-01-01T12:00:00.123Z","method":"POST",
 * "path":"/v1/route","status":200,"latencyMs":1.8,"tenant":"acme","decisionId":"d-42"}}.
 */
public final class AccessLog {

  /** The java.util.logging logger that {@link #toStdout()} writes through. */
  public static final String LOGGER_NAME = "tierwise.access";

  private static final JsonFactory JSON = new JsonFactory();

  private final Consumer<String> sink;

  private AccessLog(Consumer<String> sink) {
    this.sink = sink;
  }

  /**
   * Lines go through the java.util.logging logger {@value #LOGGER_NAME} to stdout, bare (no logging
   * prefix), so log shippers can parse each line as JSON.
   */
  public static AccessLog toStdout() {
    Logger logger = StdoutLogger.LOGGER;
    return new AccessLog(line -> logger.log(Level.INFO, line));
  }

  /** Lines go to {@code sink}, e.g. a list in tests. */
  public static AccessLog to(Consumer<String> sink) {
    return new AccessLog(Objects.requireNonNull(sink, "sink"));
  }

  /** No access log. */
  public static AccessLog disabled() {
    return new AccessLog(null);
  }

  /**
   * One request's line.
   *
   * @param time when the request arrived
   * @param method HTTP method
   * @param path request path without query
   * @param status response status
   * @param nanos time from arrival to response
   * @param audit what the handler recorded
   */
  public record Entry(
      Instant time, String method, String path, int status, long nanos, RequestAudit audit) {}

  public boolean enabled() {
    return sink != null;
  }

  public void write(Entry entry) {
    if (sink != null) {
      sink.accept(format(entry));
    }
  }

  static String format(Entry entry) {
    StringWriter out = new StringWriter(192);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("ts", entry.time().toString());
      json.writeStringField("method", entry.method());
      json.writeStringField("path", entry.path());
      json.writeNumberField("status", entry.status());
      json.writeNumberField("latencyMs", RouteResponse.millis(entry.nanos()));
      RequestAudit audit = entry.audit();
      if (audit.tenant().isPresent()) {
        json.writeStringField("tenant", audit.tenant().get());
      }
      if (audit.workflow().isPresent()) {
        json.writeStringField("workflow", audit.workflow().get());
      }
      if (audit.decisionId().isPresent()) {
        json.writeStringField("decisionId", audit.decisionId().get());
      }
      if (audit.batchSize() > 0) {
        json.writeNumberField("batchSize", audit.batchSize());
      }
      if (audit.errorCode().isPresent()) {
        json.writeStringField("error", audit.errorCode().get());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a StringWriter failed", e);
    }
    return out.toString();
  }

  /** Configured once per JVM, however many servers start. */
  private static final class StdoutLogger {
    static final Logger LOGGER = create();

    private static Logger create() {
      Logger logger = Logger.getLogger(LOGGER_NAME);
      logger.setUseParentHandlers(false);
      logger.setLevel(Level.INFO);
      StreamHandler handler =
          new StreamHandler(
              System.out,
              new Formatter() {
                @Override
                public String format(LogRecord logRecord) {
                  return logRecord.getMessage() + System.lineSeparator();
                }
              }) {
            @Override
            public synchronized void publish(LogRecord logRecord) {
              super.publish(logRecord);
              // One line per request is read live (tail -f, log shippers): no buffering.
              flush();
            }
          };
      handler.setLevel(Level.INFO);
      logger.addHandler(handler);
      return logger;
    }
  }
}
