package dev.settlement.api;

import java.util.List;

/** A settlement and its whole history (sequence 1, 2, 3 …): what a migration moves as one piece. */
public record SettlementWithHistory(Settlement settlement, List<StateTransition> history) {
    public SettlementWithHistory {
        history = List.copyOf(history);
    }

    public String id() {
        return settlement.id();
    }

    /**
     * Whether record and history belong together: one transition per change, so {@code version - 1} of them. A
     * record and a history read in two steps while a writer was at work may not.
     */
    public boolean isConsistent() {
        return history.size() == settlement.version() - 1;
    }
}
