package io.tierwise.gateway;

import java.util.List;
import java.util.Optional;

/**
 * A durable log of gateway requests, keyed by decision id. Implementations are thread-safe; after
 * {@link #close()} every other method throws {@link IllegalStateException}, and closing twice is
 * safe.
 */
public interface RequestLog extends AutoCloseable {

  /**
   * Writes a record, replacing any record with the same decision id (so a retried write or a later
   * correction is idempotent). The record is durable when this returns.
   *
   * @throws RequestLogException when the store cannot be written
   */
  void append(RequestRecord record);

  /** The record with this decision id. */
  Optional<RequestRecord> find(String decisionId);

  /** The newest {@code limit} records by arrival time, newest first. */
  List<RequestRecord> recent(int limit);

  /** How many records the log holds. */
  long size();

  @Override
  void close();
}
