package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SqliteRequestLogTest extends RequestLogContract {

  @Override
  RequestLog open(Path dir) {
    return SqliteRequestLog.open(dir.resolve("logs/requests.db"));
  }

  @Test
  void storesInWalModeSoReadersNeverBlockTheWriter() throws Exception {
    Path file = dir.resolve("logs/requests.db");
    try (RequestLog log = open(dir)) {
      log.append(record("d-1", Instant.parse("2025-01-02T03:04:05Z")));
      try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = reader.createStatement()) {
        try (ResultSet mode = s.executeQuery("PRAGMA journal_mode")) {
          assertEquals("wal", mode.getString(1));
        }
        try (ResultSet rows = s.executeQuery("SELECT tenant, cost_usd FROM gateway_requests")) {
          assertTrue(rows.next());
          assertEquals("acme", rows.getString(1));
          assertEquals(0.000255, rows.getDouble(2), 1e-12);
        }
      }
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void aFileThatIsNotADatabaseFailsWithItsPath() throws Exception {
    Path bogus = dir.resolve("not-a-db");
    Files.writeString(bogus, "this is plain text, not SQLite ".repeat(200));
    RequestLogException e =
        assertThrows(RequestLogException.class, () -> SqliteRequestLog.open(bogus));
    assertTrue(e.getMessage().contains(bogus.toString()), e.getMessage());
  }
}
