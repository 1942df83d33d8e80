package dev.settlement.api.feed;

import java.util.List;

/** Events read from the feed, and where to continue: the last item's sequence, or the query's {@code after} when none. */
public record EventPage(List<ChangeEvent> items, long nextAfter) {
    public EventPage {
        items = List.copyOf(items);
    }

    /** The page of {@code query} over events already in sequence order and above {@code query.after()}. */
    public static EventPage of(EventQuery query, List<ChangeEvent> matching) {
        List<ChangeEvent> items = matching.size() > query.limit() ? matching.subList(0, query.limit()) : matching;
        return new EventPage(items, items.isEmpty() ? query.after() : items.get(items.size() - 1).sequence());
    }
}
