package dev.settlement.api.migration;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.ImportOutcome;
import java.util.List;

/**
 * A store at one location (a PostgreSQL database, a Redis server and key prefix) that a migration can move
 * settlements into and out of in place: when the source and the target of a migration share a location,
 * {@link SettlementMigration} moves only what must change location instead of copying everything.
 */
public interface RelocatableStore extends SettlementStore {
    /**
     * Where this store's data is, resolved by asking the server, so that two stores reached through different URLs
     * of the same data compare equal, e.g. {@code postgresql 7713856318076471401/settlements} (system identifier and
     * database) or {@code redis ac43ff…/settlement} (server run id and key prefix). May throw the store's
     * {@link dev.settlement.api.ErrorCode#STORE_UNAVAILABLE}.
     */
    String location();

    /**
     * {@link #importSettlements} of settlements a migration moves here from another location of the same data:
     * anything this store keeps to say a settlement lives elsewhere (the composite's Redis tombstones) is dropped for
     * them. Atomic per settlement at least; idempotent like {@link #importSettlements}.
     */
    default List<ImportOutcome> importMoved(List<SettlementWithHistory> batch) {
        return importSettlements(batch);
    }

    /**
     * Removes settlements that a migration has just written to their new location — record, history, every index and
     * rule bookkeeping entry — each only if it is still at its {@code version()}. Returns how many it removed (one
     * that is not here any more is skipped). {@link dev.settlement.api.ErrorCode#VERSION_CONFLICT} when another
     * version of one is here: SQL stores then remove none of the batch (one transaction), Redis only those before it
     * (one atomic step per settlement).
     */
    int removeMoved(List<Settlement> moved);
}
