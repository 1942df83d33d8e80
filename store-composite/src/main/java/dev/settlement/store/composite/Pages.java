package dev.settlement.store.composite;

import dev.settlement.api.Settlement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Merging the keyset pages of the composite's two sides. */
final class Pages {
    private Pages() {
    }

    /**
     * The first {@code max} settlements of two lists sorted by {@code order}, in that order. A settlement in both
     * (its copy in the archive while it is still in Redis) sits at the same place in each and is taken once, from
     * {@code first}. {@code order} must end with the id, as every list order does.
     */
    static List<Settlement> merge(List<Settlement> first, List<Settlement> second, Comparator<Settlement> order,
                                  int max) {
        List<Settlement> merged = new ArrayList<>(Math.min(max, first.size() + second.size()));
        int i = 0;
        int j = 0;
        while (merged.size() < max && (i < first.size() || j < second.size())) {
            if (j == second.size()) {
                merged.add(first.get(i++));
            } else if (i == first.size()) {
                merged.add(second.get(j++));
            } else {
                int c = order.compare(first.get(i), second.get(j));
                if (c <= 0) {
                    merged.add(first.get(i++));
                    if (c == 0) {
                        j++;
                    }
                } else {
                    merged.add(second.get(j++));
                }
            }
        }
        return merged;
    }
}
