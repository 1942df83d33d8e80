package dev.settlement.store.jpa;

import dev.settlement.api.Asset;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row of the {@code settlements} table. A mapping only: the domain value is {@link Settlement}, and this class
 * exists to carry it across Hibernate. {@code version} is a plain column, not {@code @Version}: the store writes
 * it through its own compare-and-set statement.
 *
 * <p>Amounts are {@link BigInteger}s bound as JDBC NUMERIC ({@code setBigDecimal}): PostgreSQL stores them in a
 * {@code NUMERIC(39,0)} column, and sqlite-jdbc binds a BigDecimal as its decimal text, which a SQLite column of
 * TEXT affinity keeps digit for digit (a NUMERIC-affinity column would round values beyond 2^63 to REAL).
 */
@Entity
@Table(name = "settlements")
public class SettlementEntity {
    @Id
    String id;
    @Column(name = "intent_id", nullable = false)
    String intentId;
    @Column(name = "solver_id")
    String solverId;
    @Column(name = "user_address", nullable = false)
    String userAddress;
    @Column(name = "input_chain_id", nullable = false)
    String inputChainId;
    @Column(name = "input_denom", nullable = false)
    String inputDenom;
    @Column(name = "input_amount", nullable = false, precision = 39, scale = 0)
    BigInteger inputAmount;
    @Column(name = "output_chain_id", nullable = false)
    String outputChainId;
    @Column(name = "output_denom", nullable = false)
    String outputDenom;
    @Column(name = "output_amount", nullable = false, precision = 39, scale = 0)
    BigInteger outputAmount;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    SettlementStatus status;
    @Column(name = "escrow_id")
    String escrowId;
    @Column(name = "solver_bond_id")
    String solverBondId;
    @Column(name = "ibc_packet_sequence")
    Long ibcPacketSequence;
    @Column(name = "created_at", nullable = false)
    long createdAt;
    @Column(name = "updated_at", nullable = false)
    long updatedAt;
    @Column(name = "expires_at", nullable = false)
    long expiresAt;
    @Column(name = "completed_at")
    Long completedAt;
    @Column(name = "error_message")
    String errorMessage;
    @Column(nullable = false)
    long version;

    protected SettlementEntity() {
        // for Hibernate
    }

    static SettlementEntity of(Settlement s) {
        SettlementEntity e = new SettlementEntity();
        e.id = s.id();
        e.intentId = s.intentId();
        e.solverId = s.solverId();
        e.userAddress = s.userAddress();
        e.inputChainId = s.inputAsset().chainId();
        e.inputDenom = s.inputAsset().denom();
        e.inputAmount = s.inputAsset().amount();
        e.outputChainId = s.outputAsset().chainId();
        e.outputDenom = s.outputAsset().denom();
        e.outputAmount = s.outputAsset().amount();
        e.status = s.status();
        e.escrowId = s.escrowId();
        e.solverBondId = s.solverBondId();
        e.ibcPacketSequence = s.ibcPacketSequence();
        e.createdAt = s.createdAt();
        e.updatedAt = s.updatedAt();
        e.expiresAt = s.expiresAt();
        e.completedAt = s.completedAt();
        e.errorMessage = s.errorMessage();
        e.version = s.version();
        return e;
    }

    /** Every attribute but {@code id}, by attribute name: what a full-record update sets. */
    Map<String, Object> stateWithoutId() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("intentId", intentId);
        state.put("solverId", solverId);
        state.put("userAddress", userAddress);
        state.put("inputChainId", inputChainId);
        state.put("inputDenom", inputDenom);
        state.put("inputAmount", inputAmount);
        state.put("outputChainId", outputChainId);
        state.put("outputDenom", outputDenom);
        state.put("outputAmount", outputAmount);
        state.put("status", status);
        state.put("escrowId", escrowId);
        state.put("solverBondId", solverBondId);
        state.put("ibcPacketSequence", ibcPacketSequence);
        state.put("createdAt", createdAt);
        state.put("updatedAt", updatedAt);
        state.put("expiresAt", expiresAt);
        state.put("completedAt", completedAt);
        state.put("errorMessage", errorMessage);
        state.put("version", version);
        return state;
    }

    Settlement toSettlement() {
        return new Settlement(id, intentId, solverId, userAddress,
                new Asset(inputChainId, inputDenom, inputAmount), new Asset(outputChainId, outputDenom, outputAmount),
                status, escrowId, solverBondId, ibcPacketSequence, createdAt, updatedAt, expiresAt, completedAt,
                errorMessage, version);
    }
}
