package dev.settlement.api.migration;

import java.time.Duration;

/**
 * What one migration run wrote: settlements copied, updated (the target held an older version) and already present
 * (left alone); {@code resumedAfter} settlements were done by an earlier, interrupted run and skipped by this one.
 * A migration in place also reports the settlements it left where they were ({@code inPlace}: the target keeps them
 * in the very location the source had them) and the source copies it removed after writing them to their new
 * location ({@code removed}). {@code eventsCopied}: events of the change feed the target did not have yet.
 */
public record MigrationReport(long copied, long updated, long alreadyPresent, long inPlace, long removed,
                              boolean movedInPlace, long resumedAfter, Duration took, long eventsCopied) {

    /** A copy between separate locations. */
    public MigrationReport(long copied, long updated, long alreadyPresent, long resumedAfter, Duration took,
                           long eventsCopied) {
        this(copied, updated, alreadyPresent, 0, 0, false, resumedAfter, took, eventsCopied);
    }

    /** Settlements this run went through. */
    public long examined() {
        return copied + updated + alreadyPresent + inPlace;
    }

    /** Settlements per second this run went through. */
    public double rate() {
        return examined() / Math.max(0.001, took.toMillis() / 1000.0);
    }
}
