package io.tierwise.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tierwise.config.FeedbackSettings;
import io.tierwise.data.LabelledPrompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The durable store of routing decisions and their outcomes: a SQLite file in WAL mode with {@code
 * synchronous=FULL}, like the gateway's request log (and possibly the same file).
 *
 * <p>Two write paths with different promises:
 *
 * <ul>
 *   <li>Decisions and local-tier attempts are recorded on the routing hot path, so {@link
 *       #record(DecisionRecord)} only enqueues; a background writer commits up to {@code
 *       feedback.write-batch} queued writes per transaction, one fsync for the group. When the
 *       bounded queue is full the caller waits up to {@code feedback.enqueue-timeout}, then the
 *       write is dropped, counted in {@code tierwise.feedback.writes.dropped} and logged.
 *   <li>Feedback is acknowledged only after its own transaction committed, so a crash right after a
 *       2xx loses nothing. Feedback for a decision still in the queue works: the feedback
 *       transaction writes that decision first.
 * </ul>
 *
 * <p>{@link #labelledOutcomes()} reads one snapshot on a separate connection (WAL readers do not
 * block the writer), so retraining can run while the service keeps recording.
 */
public final class FeedbackStore implements DecisionRecorder, OutcomeSource, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(FeedbackStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> TEXT_MAP =
      new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, Double>> NUMBER_MAP =
      new TypeReference<>() {};

  private static final String[] SCHEMA = {
    """
    CREATE TABLE IF NOT EXISTS decisions (
      decision_id TEXT PRIMARY KEY,
      decided_at TEXT NOT NULL,
      decided_at_ns INTEGER NOT NULL,
      tenant TEXT,
      workflow TEXT,
      origin TEXT NOT NULL,
      prompt TEXT NOT NULL,
      tier TEXT NOT NULL,
      model TEXT NOT NULL,
      tier_models TEXT NOT NULL,
      probabilities TEXT NOT NULL,
      estimated_costs TEXT NOT NULL,
      router_version TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS decisions_decided ON decisions(decided_at_ns)",
    """
    CREATE TABLE IF NOT EXISTS feedback (
      decision_id TEXT NOT NULL,
      source TEXT NOT NULL,
      score REAL NOT NULL,
      thumbs TEXT,
      note TEXT,
      recorded_at TEXT NOT NULL,
      recorded_at_ns INTEGER NOT NULL,
      PRIMARY KEY (decision_id, source)
    )""",
    """
    CREATE TABLE IF NOT EXISTS local_attempts (
      decision_id TEXT PRIMARY KEY,
      tier TEXT NOT NULL,
      model TEXT NOT NULL,
      confidence REAL NOT NULL,
      escalated INTEGER NOT NULL,
      input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL,
      cost_usd REAL NOT NULL,
      recorded_at_ns INTEGER NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS shadow_results (
      decision_id TEXT PRIMARY KEY,
      served_tier TEXT NOT NULL,
      served_model TEXT NOT NULL,
      served_quality REAL NOT NULL,
      top_tier TEXT NOT NULL,
      top_model TEXT NOT NULL,
      top_quality REAL NOT NULL,
      top_cost_usd REAL NOT NULL,
      judge_cost_usd REAL NOT NULL,
      comparator TEXT NOT NULL,
      recorded_at_ns INTEGER NOT NULL
    )"""
  };

  private static final String INSERT_DECISION =
      """
      INSERT OR IGNORE INTO decisions (decision_id, decided_at, decided_at_ns, tenant, workflow,
        origin, prompt, tier, model, tier_models, probabilities, estimated_costs, router_version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private static final String UPSERT_LOCAL =
      """
      INSERT OR REPLACE INTO local_attempts (decision_id, tier, model, confidence, escalated,
        input_tokens, output_tokens, cost_usd, recorded_at_ns)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private static final String DECISION_COLUMNS =
      "decision_id, decided_at, tenant, workflow, origin, prompt, tier, model, tier_models,"
          + " probabilities, estimated_costs, router_version";

  private final Path file;
  private final FeedbackSettings settings;
  private final Clock clock;
  private final Connection writer;
  private final Connection reader;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock readLock = new ReentrantLock();
  private final BlockingQueue<QueuedWrite> queue;
  // Decisions enqueued but not yet committed, so feedback can find (and write) them.
  private final Map<String, DecisionRecord> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong lastDropWarning = new AtomicLong();
  // Writes accepted into the queue, and writes the writer has finished (committed or failed).
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final Counter committed;
  private final Counter dropped;
  private final Counter failed;
  private final Timer commitTimer;
  private final Thread writerThread;
  private volatile boolean stopping;

  /** A write that goes through the group-commit queue. */
  private sealed interface QueuedWrite {
    record Decision(DecisionRecord record) implements QueuedWrite {}

    record Local(LocalConfidence attempt, long recordedAtNs) implements QueuedWrite {}
  }

  private FeedbackStore(
      Path file,
      FeedbackSettings settings,
      Clock clock,
      Connection writer,
      Connection reader,
      MeterRegistry registry) {
    this.file = file;
    this.settings = settings;
    this.clock = clock;
    this.writer = writer;
    this.reader = reader;
    this.queue = new ArrayBlockingQueue<>(settings.decisionQueue());
    this.committed =
        Counter.builder("tierwise.feedback.writes.committed")
            .description("Decisions and local attempts committed by the background writer")
            .register(registry);
    this.dropped =
        Counter.builder("tierwise.feedback.writes.dropped")
            .description("Decisions and local attempts not recorded because the queue stayed full")
            .register(registry);
    this.failed =
        Counter.builder("tierwise.feedback.writes.failed")
            .description("Decisions and local attempts whose commit failed (see the log)")
            .register(registry);
    this.commitTimer =
        Timer.builder("tierwise.feedback.group.commit")
            .description("One group commit of queued decisions, including its fsync")
            .register(registry);
    Gauge.builder("tierwise.feedback.writes.queued", queue, BlockingQueue::size)
        .description("Decisions and local attempts waiting for the background writer")
        .register(registry);
    this.writerThread =
        Thread.ofPlatform().name("tierwise-decision-writer").daemon().unstarted(this::runWriter);
  }

  /**
   * Opens (creating if needed) the store at {@code settings.store()} and starts its writer.
   *
   * @throws IllegalArgumentException when {@code settings} names no store file (the composition
   *     root fills in the request log's file, see {@link FeedbackSettings#store()})
   * @throws FeedbackStoreException when the file cannot be opened as SQLite in WAL mode
   */
  public static FeedbackStore open(FeedbackSettings settings, MeterRegistry registry) {
    return open(settings, registry, Clock.systemUTC());
  }

  /** As {@link #open(FeedbackSettings, MeterRegistry)}, with the clock that stamps records. */
  public static FeedbackStore open(FeedbackSettings settings, MeterRegistry registry, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
    Path absolute =
        settings
            .store()
            .orElseThrow(() -> new IllegalArgumentException("feedback settings name no store file"))
            .toAbsolutePath();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (IOException e) {
      throw new FeedbackStoreException(
          "cannot create the directory of feedback store " + absolute, e);
    }
    Connection writer = null;
    Connection reader = null;
    try {
      writer = connect(absolute, SQLiteConfig.TransactionMode.IMMEDIATE);
      try (Statement s = writer.createStatement()) {
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
      }
      reader = connect(absolute, SQLiteConfig.TransactionMode.DEFERRED);
      FeedbackStore store = new FeedbackStore(absolute, settings, clock, writer, reader, registry);
      store.writerThread.start();
      return store;
    } catch (SQLException e) {
      closeQuietly(reader);
      closeQuietly(writer);
      throw new FeedbackStoreException(
          "cannot open feedback store " + absolute + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(Path file, SQLiteConfig.TransactionMode mode)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5000);
    config.setTransactionMode(mode);
    Connection connection = config.createConnection("jdbc:sqlite:" + file);
    try (Statement s = connection.createStatement();
        ResultSet mode2 = s.executeQuery("PRAGMA journal_mode")) {
      String journal = mode2.next() ? mode2.getString(1) : "";
      if (!"wal".equalsIgnoreCase(journal)) {
        connection.close();
        throw new SQLException("journal_mode WAL refused, got: " + journal);
      }
    }
    return connection;
  }

  /** The store's file. */
  public Path file() {
    return file;
  }

  // ---- hot path: queued writes ----

  /**
   * Queues a decision for the background writer. Never blocks longer than {@code
   * feedback.enqueue-timeout} and never throws: a decision that finds no room is counted as dropped
   * and logged.
   */
  @Override
  public void record(DecisionRecord record) {
    Objects.requireNonNull(record, "record");
    pending.put(record.decisionId(), record);
    if (!enqueue(new QueuedWrite.Decision(record), record.decisionId())) {
      pending.remove(record.decisionId(), record);
    }
  }

  /**
   * Records a local-tier attempt (source {@code local-confidence}): what the local tier's listener
   * calls after every local answer. Queued like decisions, so it never waits for a disk.
   */
  public void recordLocalAttempt(LocalConfidence attempt) {
    Objects.requireNonNull(attempt, "attempt");
    enqueue(new QueuedWrite.Local(attempt, nowNs()), attempt.decisionId());
  }

  private boolean enqueue(QueuedWrite write, String decisionId) {
    if (!closed.get()) {
      try {
        if (queue.offer(write, settings.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
          accepted.incrementAndGet();
          return true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dropped.increment();
    long now = System.nanoTime();
    long last = lastDropWarning.get();
    // One warning a second at most: a full queue under load would otherwise flood the log.
    if (now - last > 1_000_000_000L && lastDropWarning.compareAndSet(last, now)) {
      LOG.log(
          System.Logger.Level.WARNING,
          (closed.get() ? "feedback store is closed" : "decision queue is full")
              + "; not recording "
              + decisionId
              + " (total dropped: "
              + (long) dropped.count()
              + ", see tierwise.feedback.writes.dropped)");
    }
    return false;
  }

  private void runWriter() {
    List<QueuedWrite> batch = new ArrayList<>(settings.writeBatch());
    while (true) {
      QueuedWrite first;
      try {
        first = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        first = null;
      }
      if (first == null) {
        if (stopping) {
          return;
        }
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, settings.writeBatch() - 1);
      commit(batch);
      batch.clear();
    }
  }

  private void commit(List<QueuedWrite> batch) {
    long start = System.nanoTime();
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      try (PreparedStatement decisions = writer.prepareStatement(INSERT_DECISION);
          PreparedStatement locals = writer.prepareStatement(UPSERT_LOCAL)) {
        for (QueuedWrite write : batch) {
          switch (write) {
            case QueuedWrite.Decision d -> {
              bindDecision(decisions, d.record());
              decisions.addBatch();
            }
            case QueuedWrite.Local l -> {
              bindLocal(locals, l.attempt(), l.recordedAtNs());
              locals.addBatch();
            }
          }
        }
        decisions.executeBatch();
        locals.executeBatch();
        writer.commit();
        committed.increment(batch.size());
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        failed.increment(batch.size());
        LOG.log(
            System.Logger.Level.ERROR,
            "cannot commit " + batch.size() + " queued decisions to feedback store " + file,
            e);
      } finally {
        writer.setAutoCommit(true);
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.ERROR, "feedback store " + file + " connection failed", e);
    } finally {
      writeLock.unlock();
      for (QueuedWrite write : batch) {
        if (write instanceof QueuedWrite.Decision d) {
          pending.remove(d.record().decisionId(), d.record());
        }
      }
      commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      processed.addAndGet(batch.size());
    }
  }

  // ---- feedback: committed before acknowledged ----

  /**
   * Stores feedback, idempotently on (decision id, source): a repeat with the same label returns
   * the stored one; a different label from the same source is a {@link FeedbackResult.Conflict} and
   * changes nothing. Returns only after the commit (fsync'd, {@code synchronous=FULL}).
   *
   * @throws FeedbackStoreException when the store cannot be written
   */
  public FeedbackResult submit(Feedback feedback) {
    Objects.requireNonNull(feedback, "feedback");
    ensureOpen();
    Instant now = clock.instant();
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      try {
        FeedbackResult result = submitInTransaction(feedback, now);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        throw e;
      } finally {
        writer.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new FeedbackStoreException(
          "cannot store feedback for " + feedback.decisionId() + " in " + file, e);
    } finally {
      writeLock.unlock();
    }
  }

  private FeedbackResult submitInTransaction(Feedback feedback, Instant now) throws SQLException {
    String id = feedback.decisionId();
    DecisionRecord queued = pending.get(id);
    if (queued != null) {
      try (PreparedStatement s = writer.prepareStatement(INSERT_DECISION)) {
        bindDecision(s, queued);
        s.executeUpdate();
      }
    }
    if (!exists(writer, "SELECT 1 FROM decisions WHERE decision_id = ?", id)) {
      return new FeedbackResult.UnknownDecision(id);
    }
    Optional<StoredFeedback> existing = readFeedback(writer, id, feedback.source());
    if (existing.isPresent()) {
      return existing.get().feedback().sameLabelAs(feedback)
          ? new FeedbackResult.Repeated(existing.get())
          : new FeedbackResult.Conflict(existing.get());
    }
    try (PreparedStatement s =
        writer.prepareStatement(
            "INSERT INTO feedback (decision_id, source, score, thumbs, note, recorded_at,"
                + " recorded_at_ns) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, feedback.source().wireName());
      s.setDouble(3, feedback.score());
      s.setString(4, feedback.thumbs().map(t -> t.name().toLowerCase()).orElse(null));
      s.setString(5, feedback.note().orElse(null));
      s.setString(6, now.toString());
      s.setLong(7, epochNanos(now));
      s.executeUpdate();
    }
    return new FeedbackResult.Created(new StoredFeedback(feedback, now));
  }

  /**
   * Stores a shadow evaluation (source {@code shadow}), replacing an earlier one for the same
   * decision. Called from the shadow evaluator's background threads, so it commits synchronously.
   */
  public void recordShadow(ShadowResult result) {
    Objects.requireNonNull(result, "result");
    ensureOpen();
    writeLock.lock();
    try (PreparedStatement s =
        writer.prepareStatement(
            "INSERT OR REPLACE INTO shadow_results (decision_id, served_tier, served_model,"
                + " served_quality, top_tier, top_model, top_quality, top_cost_usd,"
                + " judge_cost_usd, comparator, recorded_at_ns)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, result.decisionId());
      s.setString(2, result.servedTier());
      s.setString(3, result.servedModel());
      s.setDouble(4, result.servedQuality());
      s.setString(5, result.topTier());
      s.setString(6, result.topModel());
      s.setDouble(7, result.topQuality());
      s.setDouble(8, result.topCostUsd());
      s.setDouble(9, result.judgeCostUsd());
      s.setString(10, result.comparator());
      s.setLong(11, nowNs());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new FeedbackStoreException(
          "cannot store the shadow result of " + result.decisionId() + " in " + file, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Waits until every write queued before this call is committed (or failed): for tests and for an
   * orderly shutdown, never for request handling.
   */
  public void flush() throws InterruptedException {
    long target = accepted.get();
    while (processed.get() < target && writerThread.isAlive()) {
      Thread.sleep(1);
    }
  }

  // ---- reads ----

  /** The committed decision with this id (queued ones are not visible until committed). */
  public Optional<DecisionRecord> findDecision(String decisionId) {
    Objects.requireNonNull(decisionId, "decisionId");
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + DECISION_COLUMNS + " FROM decisions WHERE decision_id = ?")) {
            s.setString(1, decisionId);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(readDecision(rs)) : Optional.empty();
            }
          }
        });
  }

  /** The stored feedback of {@code source} for a decision. */
  public Optional<StoredFeedback> findFeedback(String decisionId, LabelSource source) {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(source, "source");
    return read(c -> readFeedback(c, decisionId, source));
  }

  /** Committed rows of {@code table}: {@code decisions}, {@code feedback}, ... (for audits). */
  public long count(String table) {
    if (!List.of("decisions", "feedback", "local_attempts", "shadow_results").contains(table)) {
      throw new IllegalArgumentException("unknown table: " + table);
    }
    return read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0L;
          }
        });
  }

  /**
   * Every labelled decision as one consistent snapshot (one read transaction), mapped per {@link
   * OutcomeSource}'s contract. Feedback and shadow labels of the served answer go to the model of
   * the tier that served it (from the request log when it shares this file, else the chosen tier);
   * its cost is the request log's USD cost when known, else the decision's estimate for that tier.
   */
  @Override
  public List<LabelledPrompt> labelledOutcomes() {
    return read(
        c -> {
          c.setAutoCommit(false);
          try {
            List<LabelledPrompt> result = snapshot(c);
            c.commit();
            return result;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  static List<LabelledPrompt> snapshot(Connection c) throws SQLException {
    List<DecisionRecord> decisions = new ArrayList<>();
    Map<String, DecisionRecord> byId = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT "
                    + DECISION_COLUMNS
                    + " FROM decisions WHERE decision_id IN (SELECT decision_id FROM feedback"
                    + " UNION SELECT decision_id FROM local_attempts"
                    + " UNION SELECT decision_id FROM shadow_results)"
                    + " ORDER BY decided_at_ns, rowid")) {
      while (rs.next()) {
        DecisionRecord d = readDecision(rs);
        decisions.add(d);
        byId.put(d.decisionId(), d);
      }
    }
    Map<String, Served> served = servedAnswers(c);
    List<OutcomeLabel> labels = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT decision_id, source, score, recorded_at_ns FROM feedback")) {
      while (rs.next()) {
        DecisionRecord d = byId.get(rs.getString(1));
        Optional<LabelSource> source = LabelSource.fromWireName(rs.getString(2));
        if (d != null && source.isPresent()) {
          labels.add(
              servedLabel(
                  d, served.get(d.decisionId()), source.get(), rs.getDouble(3), rs.getLong(4)));
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT decision_id, model, confidence, input_tokens, output_tokens, cost_usd,"
                    + " recorded_at_ns FROM local_attempts")) {
      while (rs.next()) {
        if (byId.containsKey(rs.getString(1))) {
          labels.add(
              new OutcomeLabel(
                  rs.getString(1),
                  rs.getString(2),
                  LabelSource.LOCAL_CONFIDENCE,
                  rs.getDouble(3),
                  rs.getDouble(6),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(7)));
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT decision_id, served_model, served_quality, top_model, top_quality,"
                    + " top_cost_usd, recorded_at_ns FROM shadow_results")) {
      while (rs.next()) {
        DecisionRecord d = byId.get(rs.getString(1));
        if (d == null) {
          continue;
        }
        long at = rs.getLong(7);
        OutcomeLabel servedLabel =
            servedLabel(d, served.get(d.decisionId()), LabelSource.SHADOW, rs.getDouble(3), at);
        labels.add(
            new OutcomeLabel(
                d.decisionId(),
                rs.getString(2),
                LabelSource.SHADOW,
                rs.getDouble(3),
                servedLabel.costUsd(),
                servedLabel.inputTokens(),
                servedLabel.outputTokens(),
                at));
        labels.add(
            new OutcomeLabel(
                d.decisionId(),
                rs.getString(4),
                LabelSource.SHADOW,
                rs.getDouble(5),
                rs.getDouble(6),
                null,
                null,
                at));
      }
    }
    return OutcomeMapping.map(decisions, labels);
  }

  /** How the gateway served a decision, when its request log shares this file. */
  private record Served(String tier, double costUsd, long promptTokens, long completionTokens) {}

  private static Map<String, Served> servedAnswers(Connection c) throws SQLException {
    Map<String, Served> served = new HashMap<>();
    if (!exists(
        c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", "gateway_requests")) {
      return served;
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT decision_id, tier, cost_usd, prompt_tokens, completion_tokens"
                    + " FROM gateway_requests WHERE status BETWEEN 200 AND 299 AND tier <> ''"
                    + " AND decision_id IN (SELECT decision_id FROM feedback"
                    + " UNION SELECT decision_id FROM shadow_results)")) {
      while (rs.next()) {
        served.put(
            rs.getString(1),
            new Served(rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5)));
      }
    }
    return served;
  }

  /** A label of the answer the user got: from the serving tier's model, at its logged cost. */
  private static OutcomeLabel servedLabel(
      DecisionRecord d, Served served, LabelSource source, double quality, long recordedAtNs) {
    if (served != null && d.tierModels().containsKey(served.tier())) {
      return new OutcomeLabel(
          d.decisionId(),
          d.tierModels().get(served.tier()),
          source,
          quality,
          served.costUsd(),
          served.promptTokens(),
          served.completionTokens(),
          recordedAtNs);
    }
    return new OutcomeLabel(
        d.decisionId(),
        d.model(),
        source,
        quality,
        d.estimatedCostUsd().get(d.tier()),
        null,
        null,
        recordedAtNs);
  }

  // ---- lifecycle ----

  /** Commits every queued write, stops the writer and closes the file; safe to call twice. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopping = true;
    try {
      writerThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Writes that raced with close: commit them rather than lose them.
    List<QueuedWrite> rest = new ArrayList<>();
    queue.drainTo(rest);
    if (!rest.isEmpty()) {
      commit(rest);
    }
    writeLock.lock();
    readLock.lock();
    try {
      closeQuietly(reader);
      closeQuietly(writer);
    } finally {
      readLock.unlock();
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "FeedbackStore[" + file + "]";
  }

  // ---- helpers ----

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(Query<T> query) {
    ensureOpen();
    readLock.lock();
    try {
      return query.run(reader);
    } catch (SQLException e) {
      throw new FeedbackStoreException("cannot read feedback store " + file, e);
    } finally {
      readLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("feedback store " + file + " is closed");
    }
  }

  private long nowNs() {
    return epochNanos(clock.instant());
  }

  private void rollbackQuietly() {
    try {
      writer.rollback();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "rollback failed on feedback store " + file, e);
    }
  }

  private static boolean exists(Connection c, String sql, String parameter) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Optional<StoredFeedback> readFeedback(
      Connection c, String decisionId, LabelSource source) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT score, thumbs, note, recorded_at FROM feedback"
                + " WHERE decision_id = ? AND source = ?")) {
      s.setString(1, decisionId);
      s.setString(2, source.wireName());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Optional<Feedback.Thumbs> thumbs =
            Optional.ofNullable(rs.getString(2)).map(t -> Feedback.Thumbs.valueOf(t.toUpperCase()));
        Feedback feedback =
            new Feedback(
                decisionId, source, rs.getDouble(1), thumbs, Optional.ofNullable(rs.getString(3)));
        return Optional.of(new StoredFeedback(feedback, Instant.parse(rs.getString(4))));
      }
    }
  }

  private static void bindDecision(PreparedStatement s, DecisionRecord d) throws SQLException {
    s.setString(1, d.decisionId());
    s.setString(2, d.decidedAt().toString());
    s.setLong(3, epochNanos(d.decidedAt()));
    s.setString(4, d.tenant().orElse(null));
    s.setString(5, d.workflow().orElse(null));
    s.setString(6, d.origin().name());
    s.setString(7, d.prompt());
    s.setString(8, d.tier());
    s.setString(9, d.model());
    s.setString(10, json(d.tierModels()));
    s.setString(11, json(d.probabilities()));
    s.setString(12, json(d.estimatedCostUsd()));
    s.setString(13, d.routerVersion());
  }

  private static void bindLocal(PreparedStatement s, LocalConfidence a, long recordedAtNs)
      throws SQLException {
    s.setString(1, a.decisionId());
    s.setString(2, a.tier());
    s.setString(3, a.model());
    s.setDouble(4, a.confidence());
    s.setInt(5, a.escalated() ? 1 : 0);
    s.setLong(6, a.inputTokens());
    s.setLong(7, a.outputTokens());
    s.setDouble(8, a.costUsd());
    s.setLong(9, recordedAtNs);
  }

  private static DecisionRecord readDecision(ResultSet rs) throws SQLException {
    try {
      return new DecisionRecord(
          rs.getString("decision_id"),
          Instant.parse(rs.getString("decided_at")),
          Optional.ofNullable(rs.getString("tenant")),
          Optional.ofNullable(rs.getString("workflow")),
          DecisionOrigin.valueOf(rs.getString("origin")),
          rs.getString("prompt"),
          rs.getString("tier"),
          rs.getString("model"),
          JSON.readValue(rs.getString("tier_models"), TEXT_MAP),
          JSON.readValue(rs.getString("probabilities"), NUMBER_MAP),
          JSON.readValue(rs.getString("estimated_costs"), NUMBER_MAP),
          rs.getString("router_version"));
    } catch (JsonProcessingException e) {
      throw new SQLException("malformed JSON column in decision " + rs.getString(1), e);
    }
  }

  private static String json(Map<String, ?> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a map of plain values", e);
    }
  }

  static long epochNanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing on a failure path; the original error is the one worth reporting.
      }
    }
  }
}
