package dev.settlement.api;

/** What {@link SettlementStore#importSettlements} did with one settlement. */
public enum ImportOutcome {
    /** It was not there: inserted with its history. */
    COPIED,
    /** It was there at a lower version: record and history replaced by the newer ones given. */
    UPDATED,
    /** It was there at the same (or a higher) version: left as it was. */
    ALREADY_PRESENT;

    /**
     * The outcome for a settlement the store holds at {@code storedVersion} (null: absent) when {@code incoming}
     * arrives; one decision for every backend, also spelled in the Lua of the Redis store.
     */
    public static ImportOutcome of(Long storedVersion, Settlement incoming) {
        if (storedVersion == null) {
            return COPIED;
        }
        return storedVersion < incoming.version() ? UPDATED : ALREADY_PRESENT;
    }
}
