package io.tierwise.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tierwise.local.LocalOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request log in a SQLite file, in WAL mode with {@code synchronous=FULL}: every append is one
 * transaction whose WAL frame is fsync'd before {@link #append} returns, so an acknowledged record
 * survives a power cut. SQLite rather than a JSONL file because the log is also the feedback store:
 * later writes upsert by decision id, and retraining reads a consistent snapshot while the gateway
 * keeps appending (WAL readers never block the writer).
 */
public final class SqliteRequestLog implements RequestLog {

  private static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS gateway_requests (
        decision_id TEXT PRIMARY KEY,
        received_at TEXT NOT NULL,
        received_at_ns INTEGER NOT NULL,
        tenant TEXT NOT NULL,
        workflow TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        routed_tier TEXT NOT NULL,
        tier TEXT NOT NULL,
        model TEXT NOT NULL,
        upstream TEXT NOT NULL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        attempts TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        tokens_estimated INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        latency_ns INTEGER NOT NULL,
        error TEXT
      )""";

  private static final String INDEX =
      "CREATE INDEX IF NOT EXISTS gateway_requests_received ON gateway_requests(received_at_ns)";

  private static final String UPSERT =
      """
      INSERT INTO gateway_requests (decision_id, received_at, received_at_ns, tenant, workflow,
        requested_model, routed_tier, tier, model, upstream, stream, status, outcome, attempts,
        prompt_tokens, completion_tokens, tokens_estimated, cost_usd, latency_ns, error)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(decision_id) DO UPDATE SET received_at = excluded.received_at,
        received_at_ns = excluded.received_at_ns, tenant = excluded.tenant,
        workflow = excluded.workflow, requested_model = excluded.requested_model,
        routed_tier = excluded.routed_tier, tier = excluded.tier, model = excluded.model,
        upstream = excluded.upstream, stream = excluded.stream, status = excluded.status,
        outcome = excluded.outcome, attempts = excluded.attempts,
        prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
        tokens_estimated = excluded.tokens_estimated, cost_usd = excluded.cost_usd,
        latency_ns = excluded.latency_ns, error = excluded.error""";

  private static final String COLUMNS =
      "decision_id, received_at, tenant, workflow, requested_model, routed_tier, tier, model,"
          + " upstream, stream, status, outcome, attempts, prompt_tokens, completion_tokens,"
          + " tokens_estimated, cost_usd, latency_ns, error";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  private SqliteRequestLog(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens (creating if needed) the log at {@code file}.
   *
   * @throws RequestLogException when the file cannot be opened as a SQLite database in WAL mode
   */
  public static SqliteRequestLog open(Path file) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (IOException e) {
      throw new RequestLogException("cannot create the directory of request log " + absolute, e);
    }
    Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + absolute);
      try (Statement s = connection.createStatement()) {
        try (ResultSet mode = s.executeQuery("PRAGMA journal_mode=WAL")) {
          String journal = mode.next() ? mode.getString(1) : "";
          if (!"wal".equalsIgnoreCase(journal)) {
            throw new SQLException("journal_mode WAL refused, got: " + journal);
          }
        }
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=5000");
        s.execute(SCHEMA);
        s.execute(INDEX);
      }
      return new SqliteRequestLog(absolute, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new RequestLogException(
          "cannot open request log " + absolute + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void append(RequestRecord record) {
    Objects.requireNonNull(record, "record");
    String attempts = attemptsJson(record.attempts());
    lock.lock();
    try {
      ensureOpen();
      try (PreparedStatement s = connection.prepareStatement(UPSERT)) {
        s.setString(1, record.decisionId());
        s.setString(2, record.receivedAt().toString());
        s.setLong(3, epochNanos(record.receivedAt()));
        s.setString(4, record.tenant());
        s.setString(5, record.workflow());
        s.setString(6, record.requestedModel());
        s.setString(7, record.routedTier());
        s.setString(8, record.tier());
        s.setString(9, record.model());
        s.setString(10, record.upstream());
        s.setInt(11, record.stream() ? 1 : 0);
        s.setInt(12, record.status());
        s.setString(13, record.outcome().name());
        s.setString(14, attempts);
        s.setLong(15, record.usage().promptTokens());
        s.setLong(16, record.usage().completionTokens());
        s.setInt(17, record.usage().estimated() ? 1 : 0);
        s.setDouble(18, record.costUsd());
        s.setLong(19, record.latency().toNanos());
        s.setString(20, record.error().orElse(null));
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new RequestLogException(
          "cannot append decision " + record.decisionId() + " to request log " + file, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<RequestRecord> find(String decisionId) {
    Objects.requireNonNull(decisionId, "decisionId");
    List<RequestRecord> found =
        query("SELECT " + COLUMNS + " FROM gateway_requests WHERE decision_id = ?", decisionId);
    return found.stream().findFirst();
  }

  @Override
  public List<RequestRecord> recent(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got: " + limit);
    }
    return query(
        "SELECT "
            + COLUMNS
            + " FROM gateway_requests ORDER BY received_at_ns DESC, rowid DESC LIMIT ?",
        limit);
  }

  @Override
  public long size() {
    lock.lock();
    try {
      ensureOpen();
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM gateway_requests")) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new RequestLogException("cannot count request log " + file, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
    } catch (SQLException e) {
      throw new RequestLogException("cannot close request log " + file, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteRequestLog[" + file + "]";
  }

  private List<RequestRecord> query(String sql, Object parameter) {
    lock.lock();
    try {
      ensureOpen();
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        s.setObject(1, parameter);
        List<RequestRecord> records = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            records.add(read(rs));
          }
        }
        return records;
      }
    } catch (SQLException e) {
      throw new RequestLogException("cannot read request log " + file, e);
    } finally {
      lock.unlock();
    }
  }

  private RequestRecord read(ResultSet rs) throws SQLException {
    return new RequestRecord(
        rs.getString("decision_id"),
        Instant.parse(rs.getString("received_at")),
        rs.getString("tenant"),
        rs.getString("workflow"),
        rs.getString("requested_model"),
        rs.getString("routed_tier"),
        rs.getString("tier"),
        rs.getString("model"),
        rs.getString("upstream"),
        rs.getInt("stream") != 0,
        rs.getInt("status"),
        RequestOutcome.valueOf(rs.getString("outcome")),
        attemptsFrom(rs.getString("attempts")),
        new Usage(
            rs.getLong("prompt_tokens"),
            rs.getLong("completion_tokens"),
            rs.getInt("tokens_estimated") != 0),
        rs.getDouble("cost_usd"),
        Duration.ofNanos(rs.getLong("latency_ns")),
        Optional.ofNullable(rs.getString("error")));
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("request log " + file + " is closed");
    }
  }

  private static long epochNanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  static String attemptsJson(List<Attempt> attempts) {
    ArrayNode array = JSON.createArrayNode();
    for (Attempt attempt : attempts) {
      ObjectNode node = array.addObject();
      node.put("tier", attempt.tier());
      node.put("upstream", attempt.upstream());
      switch (attempt.result()) {
        case AttemptResult.Status s -> node.put("status", s.code());
        case AttemptResult.Failed f -> {
          node.put("failure", f.kind().name());
          node.put("message", f.message());
        }
        case AttemptResult.CircuitOpen c -> node.put("circuit_open", true);
        case AttemptResult.Local l -> {
          node.put("local", l.outcome().name());
          node.put("prompt_tokens", l.promptTokens());
          node.put("completion_tokens", l.completionTokens());
          node.put("cost_usd", l.costUsd());
          l.confidence().ifPresent(c -> node.put("confidence", c));
        }
      }
      node.put("latency_ns", attempt.latency().toNanos());
      attempt.retryAfter().ifPresent(d -> node.put("retry_after_ns", d.toNanos()));
    }
    return array.toString();
  }

  static List<Attempt> attemptsFrom(String json) {
    JsonNode array;
    try {
      array = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("malformed attempts column: " + json, e);
    }
    List<Attempt> attempts = new ArrayList<>();
    for (JsonNode node : array) {
      AttemptResult result;
      if (node.has("status")) {
        result = new AttemptResult.Status(node.get("status").asInt());
      } else if (node.has("failure")) {
        result =
            new AttemptResult.Failed(
                AttemptResult.FailureKind.valueOf(node.get("failure").asText()),
                node.path("message").asText());
      } else if (node.has("local")) {
        result =
            new AttemptResult.Local(
                LocalOutcome.valueOf(node.get("local").asText()),
                node.path("prompt_tokens").asLong(),
                node.path("completion_tokens").asLong(),
                node.path("cost_usd").asDouble(),
                node.has("confidence")
                    ? OptionalDouble.of(node.get("confidence").asDouble())
                    : OptionalDouble.empty());
      } else {
        result = new AttemptResult.CircuitOpen();
      }
      attempts.add(
          new Attempt(
              node.get("tier").asText(),
              node.get("upstream").asText(),
              result,
              Duration.ofNanos(node.get("latency_ns").asLong()),
              node.has("retry_after_ns")
                  ? Optional.of(Duration.ofNanos(node.get("retry_after_ns").asLong()))
                  : Optional.empty()));
    }
    return attempts;
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Already failing to open; the original error is the one worth reporting.
      }
    }
  }
}
