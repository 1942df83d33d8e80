package dev.settlement.store.jpa;

import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StateTransition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row of the {@code settlement_transitions} table: one {@link StateTransition} of one settlement. The surrogate
 * {@code id} is assigned by the database; (settlement_id, sequence) is unique, so a transition can never be
 * recorded twice.
 */
@Entity
@Table(name = "settlement_transitions")
public class TransitionEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "settlement_id", nullable = false)
    String settlementId;
    @Column(nullable = false)
    int sequence;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status", nullable = false)
    SettlementStatus fromStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false)
    SettlementStatus toStatus;
    @Column(name = "timestamp", nullable = false)
    long occurredAt;
    String details;
    @Column(name = "tx_hash")
    String txHash;
    /** Rows written before V2 read as {@link StateTransition#UNKNOWN} (the column's default). */
    @Column(nullable = false)
    String actor;

    protected TransitionEntity() {
        // for Hibernate
    }

    static TransitionEntity of(String settlementId, StateTransition t) {
        TransitionEntity e = new TransitionEntity();
        e.settlementId = settlementId;
        e.sequence = t.sequence();
        e.fromStatus = t.fromStatus();
        e.toStatus = t.toStatus();
        e.occurredAt = t.timestamp();
        e.details = t.details();
        e.txHash = t.txHash();
        e.actor = t.actor();
        return e;
    }

    /** Every attribute but the generated {@code id}, by attribute name: what an insert sets. */
    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("settlementId", settlementId);
        state.put("sequence", sequence);
        state.put("fromStatus", fromStatus);
        state.put("toStatus", toStatus);
        state.put("occurredAt", occurredAt);
        state.put("details", details);
        state.put("txHash", txHash);
        state.put("actor", actor);
        return state;
    }

    StateTransition toTransition() {
        return new StateTransition(sequence, fromStatus, toStatus, occurredAt, details, txHash, actor);
    }
}
