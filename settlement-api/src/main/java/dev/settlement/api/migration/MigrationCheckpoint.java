package dev.settlement.api.migration;

import dev.settlement.api.PageCursor;

/**
 * Where a migration stands, as saved in its target after every committed batch: how many settlements were done and
 * the creation-order position of the last one ({@code after}), or that the last run went through to the end. A
 * migration in place reads its source one tier after the other: {@code tier} says which one {@code after} is in.
 *
 * <p>Stored as one line of text, e.g. {@code running 1500 1800000000 s-1499}, {@code running 1500 1800000000 s-1499
 * tier 1} or {@code complete 3000}; ids never contain spaces (see {@link dev.settlement.api.Validation#IDENTIFIER}).
 */
public record MigrationCheckpoint(long done, PageCursor after, boolean complete, int tier) {
    private static final String RUNNING = "running";
    private static final String COMPLETE = "complete";
    private static final String TIER = "tier";

    /** Before the first batch: saved first, so a target holding part of a first run is recognised as such. */
    public static MigrationCheckpoint start() {
        return new MigrationCheckpoint(0, null, false, 0);
    }

    public static MigrationCheckpoint running(long done, PageCursor after) {
        return running(done, after, 0);
    }

    public static MigrationCheckpoint running(long done, PageCursor after, int tier) {
        return new MigrationCheckpoint(done, after, false, tier);
    }

    public static MigrationCheckpoint completed(long done) {
        return new MigrationCheckpoint(done, null, true, 0);
    }

    public String encode() {
        if (complete) {
            return COMPLETE + " " + done;
        }
        String text = after == null ? RUNNING + " " + done : RUNNING + " " + done + " " + after.key() + " " + after.id();
        return tier == 0 ? text : text + " " + TIER + " " + tier;
    }

    /** Parses {@link #encode()}'s text. */
    public static MigrationCheckpoint decode(String text) {
        String[] parts = text.trim().split(" ");
        try {
            int tier = 0;
            int length = parts.length;
            if (length >= 4 && parts[length - 2].equals(TIER)) {
                tier = Integer.parseInt(parts[length - 1]);
                length -= 2;
            }
            if (parts[0].equals(COMPLETE) && length == 2 && tier == 0) {
                return completed(Long.parseLong(parts[1]));
            }
            if (parts[0].equals(RUNNING) && length == 2) {
                return running(Long.parseLong(parts[1]), null, tier);
            }
            if (parts[0].equals(RUNNING) && length == 4) {
                return running(Long.parseLong(parts[1]), new PageCursor(Long.parseLong(parts[2]), parts[3]), tier);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Not a migration checkpoint: '" + text + "'");
    }
}
