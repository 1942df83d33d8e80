package dev.settlement.api;

/** Told about every successful write; the service turns these into metrics. Must not throw. */
public interface SettlementListener {

    SettlementListener NONE = new SettlementListener() {
    };

    default void created(Settlement settlement) {
    }

    default void transitioned(Settlement before, Settlement after, StateTransition transition) {
    }
}
