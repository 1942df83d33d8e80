package dev.settlement.api;

import java.util.List;

/** Told about every successful write; the service turns these into metrics. Must not throw. */
public interface SettlementListener {

    SettlementListener NONE = new SettlementListener() {
    };

    /** One listener telling each of {@code listeners}, in order. */
    static SettlementListener all(SettlementListener... listeners) {
        List<SettlementListener> each = List.of(listeners);
        return new SettlementListener() {
            @Override
            public void created(Settlement settlement) {
                each.forEach(l -> l.created(settlement));
            }

            @Override
            public void transitioned(Settlement before, Settlement after, StateTransition transition) {
                each.forEach(l -> l.transitioned(before, after, transition));
            }
        };
    }

    default void created(Settlement settlement) {
    }

    default void transitioned(Settlement before, Settlement after, StateTransition transition) {
    }
}
