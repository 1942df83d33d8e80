package dev.settlement.api;

import java.util.List;
import java.util.function.ToLongFunction;

/** One page of a keyset-ordered list; {@code next} is null on the last page. */
public record Page<T>(List<T> items, PageCursor next) {

    /**
     * Builds a page from up to {@code limit + 1} rows read in order: the extra row only proves there is more.
     * Stores read one row more than asked so no second query is needed to know whether a next page exists.
     */
    public static Page<Settlement> fromOverfetch(List<Settlement> rows, int limit, ToLongFunction<Settlement> key) {
        if (rows.size() <= limit) {
            return new Page<>(List.copyOf(rows), null);
        }
        List<Settlement> items = List.copyOf(rows.subList(0, limit));
        Settlement last = items.get(limit - 1);
        return new Page<>(items, new PageCursor(key.applyAsLong(last), last.id()));
    }
}
