package dev.settlement.api.migration;

import dev.settlement.api.PageCursor;

/**
 * Where a migration stands, as saved in its target after every committed batch: how many settlements were done and
 * the creation-order position of the last one ({@code after}), or that the last run went through to the end.
 *
 * <p>Stored as one line of text, e.g. {@code running 1500 1800000000 s-1499} or {@code complete 3000}; ids never
 * contain spaces (see {@link dev.settlement.api.Validation#IDENTIFIER}).
 */
public record MigrationCheckpoint(long done, PageCursor after, boolean complete) {
    private static final String RUNNING = "running";
    private static final String COMPLETE = "complete";

    /** Before the first batch: saved first, so a target holding part of a first run is recognised as such. */
    public static MigrationCheckpoint start() {
        return new MigrationCheckpoint(0, null, false);
    }

    public static MigrationCheckpoint running(long done, PageCursor after) {
        return new MigrationCheckpoint(done, after, false);
    }

    public static MigrationCheckpoint completed(long done) {
        return new MigrationCheckpoint(done, null, true);
    }

    public String encode() {
        if (complete) {
            return COMPLETE + " " + done;
        }
        return after == null ? RUNNING + " " + done : RUNNING + " " + done + " " + after.key() + " " + after.id();
    }

    /** Parses {@link #encode()}'s text. */
    public static MigrationCheckpoint decode(String text) {
        String[] parts = text.trim().split(" ");
        try {
            if (parts[0].equals(COMPLETE) && parts.length == 2) {
                return completed(Long.parseLong(parts[1]));
            }
            if (parts[0].equals(RUNNING) && parts.length == 2) {
                return running(Long.parseLong(parts[1]), null);
            }
            if (parts[0].equals(RUNNING) && parts.length == 4) {
                return running(Long.parseLong(parts[1]), new PageCursor(Long.parseLong(parts[2]), parts[3]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Not a migration checkpoint: '" + text + "'");
    }
}
