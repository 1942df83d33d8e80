package dev.settlement.api.feed;

import java.util.Set;

/**
 * A read of the feed: events with a sequence above {@code after}, in sequence order, at most {@code limit}, of the
 * given {@code types} (empty: all) and {@code solverId} (null: all).
 */
public record EventQuery(long after, int limit, Set<String> types, String solverId) {
    public EventQuery {
        types = Set.copyOf(types);
    }

    public static EventQuery after(long after, int limit) {
        return new EventQuery(after, limit, Set.of(), null);
    }

    /** The same read from another position (where the last page ended). */
    public EventQuery at(long position) {
        return new EventQuery(position, limit, types, solverId);
    }

    public boolean matches(ChangeEvent event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (solverId == null || solverId.equals(event.solverId()));
    }
}
