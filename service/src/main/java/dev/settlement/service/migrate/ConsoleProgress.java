package dev.settlement.service.migrate;

import dev.settlement.api.migration.MigrationProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress for an operator, e.g. on stderr: count, total, share, rate and time left. On a terminal one line is
 * rewritten in place (at most ten times a second); otherwise (a log file, a CI job) a new line is written every
 * {@code interval}, so logs stay short.
 */
public final class ConsoleProgress implements MigrationProgress {
    private static final long TERMINAL_REFRESH_NANOS = Duration.ofMillis(100).toNanos();

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private String phase;
    private long total;
    private long doneAtStart;
    private long done;
    private long startedAt;
    private long printedAt;

    public ConsoleProgress(PrintStream out, boolean terminal, Duration interval, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** On {@code out}, with the system's clock. */
    public ConsoleProgress(PrintStream out, boolean terminal, Duration interval) {
        this(out, terminal, interval, System::nanoTime);
    }

    @Override
    public synchronized void phase(String name, long total, long done) {
        this.phase = name;
        this.total = total;
        this.doneAtStart = done;
        this.done = done;
        this.startedAt = nanoTime.getAsLong();
        print(startedAt, false);
    }

    @Override
    public synchronized void advanced(long done) {
        this.done = done;
        long now = nanoTime.getAsLong();
        if (now - printedAt >= (terminal ? TERMINAL_REFRESH_NANOS : intervalNanos)) {
            print(now, false);
        }
    }

    @Override
    public synchronized void finished() {
        if (phase != null) {
            print(nanoTime.getAsLong(), true);
            phase = null;
        }
    }

    private void print(long now, boolean last) {
        printedAt = now;
        String line = line(now);
        if (terminal) {
            out.print("\r" + line + "\033[K" + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** e.g. {@code copy: 1,500 / 3,000 (50.0%), 2,345/s, 1s left}. */
    String line(long now) {
        double seconds = Math.max(1, now - startedAt) / 1e9;
        double rate = (done - doneAtStart) / seconds;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %,d / %,d", phase, done, total));
        if (total > 0) {
            line.append(String.format(Locale.ROOT, " (%.1f%%)", Math.min(100.0, 100.0 * done / total)));
        }
        line.append(String.format(Locale.ROOT, ", %,.0f/s", rate));
        if (rate > 0 && done < total) {
            line.append(", ").append(duration((long) Math.ceil((total - done) / rate))).append(" left");
        }
        return line.toString();
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m " + seconds % 60 + "s" : seconds + "s";
    }
}
