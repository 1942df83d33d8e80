package dev.settlement.api.migration;

import dev.settlement.api.Settlement;
import java.util.List;

/**
 * A store that keeps its settlements in several stores of its own, each at one location (the composite: a Redis hot
 * tier and a PostgreSQL archive). A migration in place reads and writes the tiers directly.
 */
public interface TieredStore {
    /** Its tiers, each holding part of its settlements. */
    List<RelocatableStore> tiers();

    /** The tier that keeps {@code settlement} once everything is settled (e.g. active ones in Redis). */
    RelocatableStore tierFor(Settlement settlement);
}
