package dev.settlement.service.rest;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.settlement.api.Asset;
import dev.settlement.api.NewSettlement;
import dev.settlement.api.Page;
import dev.settlement.api.PageCursor;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementEvent;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementOutcome;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The request bodies of the HTTP contract (API.md). Responses are the domain records themselves, serialized as they
 * are. Each request type maps to its domain command; the manager validates field contents.
 */
final class Json {
    private Json() {
    }

    record AssetBody(String chainId, String denom, @JsonDeserialize(using = Uint128Deserializer.class) BigInteger amount) {
        Asset toDomain() {
            return new Asset(chainId, denom, amount);
        }
    }

    record CreateSettlement(String id, String intentId, String solverId, String userAddress, AssetBody inputAsset,
                            AssetBody outputAsset, Long expiresAt) {
        NewSettlement toDomain() {
            return new NewSettlement(id, intentId, solverId, userAddress,
                    inputAsset == null ? null : inputAsset.toDomain(),
                    outputAsset == null ? null : outputAsset.toDomain(), expiresAt);
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = UserLocked.class, name = "USER_LOCKED"),
            @JsonSubTypes.Type(value = SolverLocked.class, name = "SOLVER_LOCKED"),
            @JsonSubTypes.Type(value = IbcTransferStarted.class, name = "IBC_TRANSFER_STARTED"),
            @JsonSubTypes.Type(value = IbcTransferComplete.class, name = "IBC_TRANSFER_COMPLETE"),
            @JsonSubTypes.Type(value = IbcTransferFailed.class, name = "IBC_TRANSFER_FAILED")})
    sealed interface Event {
        SettlementEvent toDomain();
    }

    record UserLocked(String escrowId, String txHash) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.UserLocked(escrowId, txHash);
        }
    }

    record SolverLocked(String bondId, String txHash) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.SolverLocked(bondId, txHash);
        }
    }

    record IbcTransferStarted(Long sequence, String txHash) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.IbcTransferStarted(required("sequence", sequence), txHash);
        }
    }

    record IbcTransferComplete(String txHash) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.IbcTransferComplete(txHash);
        }
    }

    record IbcTransferFailed(String reason) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.IbcTransferFailed(reason);
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "result")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Success.class, name = "SUCCESS"),
            @JsonSubTypes.Type(value = Failure.class, name = "FAILURE"),
            @JsonSubTypes.Type(value = Timeout.class, name = "TIMEOUT")})
    sealed interface Outcome {
        SettlementOutcome toDomain();
    }

    record Success(@JsonDeserialize(using = Uint128Deserializer.class) BigInteger outputDelivered, String txHash)
            implements Outcome {
        public SettlementOutcome toDomain() {
            return new SettlementOutcome.Success(outputDelivered, txHash);
        }
    }

    record Failure(String reason, Boolean recoverable) implements Outcome {
        public SettlementOutcome toDomain() {
            return new SettlementOutcome.Failure(reason, required("recoverable", recoverable));
        }
    }

    record Timeout() implements Outcome {
        public SettlementOutcome toDomain() {
            return new SettlementOutcome.Timeout();
        }
    }

    record Fail(String reason) {
    }

    record PageBody(List<Settlement> items, String nextCursor) {
        static PageBody of(Page<Settlement> page, PageCursor.Order order) {
            return new PageBody(page.items(), page.next() == null ? null : page.next().encode(order));
        }
    }

    record RecoveryBody(int examined, int timedOut) {
    }

    /** Fields the domain models as primitives are optional in JSON; a missing one is a validation error. */
    private static <T> T required(String field, T value) {
        if (value == null) {
            throw SettlementException.invalidFields(Map.of(field, "is required"));
        }
        return value;
    }
}
