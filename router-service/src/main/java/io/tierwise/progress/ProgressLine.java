package io.tierwise.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A periodic one-line progress report for long jobs (embedding, indexing, training, evaluation):
 * done/total, rate and ETA, printed at most once per interval so logs stay readable when output is
 * not a terminal.
 *
 * <pre>{@code
 * try (ProgressLine progress = ProgressLine.start("embedding", prompts.size(), System.err)) {
 *   for (...) { ...; progress.advance(1); }
 * }
 * }</pre>
 */
public final class ProgressLine implements AutoCloseable {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  private final String label;
  private final long total;
  private final PrintStream out;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private final long startNanos;
  private final AtomicLong done = new AtomicLong();
  private volatile long lastPrintNanos;
  private volatile boolean closed;

  ProgressLine(
      String label, long total, PrintStream out, LongSupplier nanoClock, Duration interval) {
    this.label = Objects.requireNonNull(label, "label");
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, got: " + total);
    }
    this.total = total;
    this.out = Objects.requireNonNull(out, "out");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.intervalNanos = interval.toNanos();
    this.startNanos = nanoClock.getAsLong();
    this.lastPrintNanos = startNanos;
  }

  /** Starts a report of {@code total} units of work, printing to {@code out}. */
  public static ProgressLine start(String label, long total, PrintStream out) {
    return new ProgressLine(label, total, out, System::nanoTime, DEFAULT_INTERVAL);
  }

  /** A report that prints nothing, for callers that run quietly (tests, the HTTP service). */
  public static ProgressLine silent(String label, long total) {
    return new ProgressLine(
        label,
        total,
        new PrintStream(PrintStream.nullOutputStream()),
        System::nanoTime,
        DEFAULT_INTERVAL);
  }

  /** Records {@code units} more units done and prints a line if the interval has passed. */
  public void advance(long units) {
    long now = done.addAndGet(units);
    long nanos = nanoClock.getAsLong();
    if (nanos - lastPrintNanos >= intervalNanos) {
      synchronized (this) {
        if (nanos - lastPrintNanos >= intervalNanos) {
          lastPrintNanos = nanos;
          out.println(render(now, nanos));
        }
      }
    }
  }

  /** Work done so far. */
  public long done() {
    return done.get();
  }

  String render(long units, long nanos) {
    double seconds = Math.max(1e-9, (nanos - startNanos) / 1e9);
    double rate = units / seconds;
    StringBuilder line = new StringBuilder(label).append(": ").append(units);
    if (total > 0) {
      line.append('/')
          .append(total)
          .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * units / total));
    }
    line.append(String.format(Locale.ROOT, ", %.1f/s", rate));
    if (total > 0 && rate > 0 && units < total) {
      line.append(", ETA ").append(formatSeconds((total - units) / rate));
    }
    line.append(", elapsed ").append(formatSeconds(seconds));
    return line.toString();
  }

  private static String formatSeconds(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  /** Prints the final line once. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      out.println(render(done.get(), nanoClock.getAsLong()) + " - done");
    }
  }
}
