package dev.settlement.api.migration;

import java.time.Duration;

/**
 * What one migration run wrote: settlements copied, updated (the target held an older version) and already present
 * (left alone); {@code resumedAfter} settlements were done by an earlier, interrupted run and skipped by this one.
 */
public record MigrationReport(long copied, long updated, long alreadyPresent, long resumedAfter, Duration took) {

    /** Settlements this run went through. */
    public long examined() {
        return copied + updated + alreadyPresent;
    }

    /** Settlements per second this run went through. */
    public double rate() {
        return examined() / Math.max(0.001, took.toMillis() / 1000.0);
    }
}
