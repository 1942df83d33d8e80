package dev.settlement.service.rest;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.settlement.api.Asset;
import dev.settlement.api.FieldRules;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * The request bodies of the HTTP contract (API.md). Responses are the domain records themselves, serialized as they
 * are. Each request type maps to its domain command; the manager validates field contents. The {@code @Schema}
 * annotations describe them in the OpenAPI document: request bodies refuse unknown fields, so their schemas say
 * {@code additionalProperties: false}.
 */
final class Json {
    private Json() {
    }

    @Schema(name = "AssetInput", description = "An amount of one denomination on one chain.",
            additionalProperties = Schema.False.class)
    record AssetBody(
            @Schema(required = true, pattern = FieldRules.TOKEN, examples = "cosmoshub-4") String chainId,
            @Schema(required = true, pattern = FieldRules.DENOM, examples = "uatom") String denom,
            @Schema(required = true, type = SchemaType.STRING, pattern = FieldRules.UINT128, examples = "1000000",
                    description = "Uint128 as a decimal string: 0 to 2^128-1 (340282366920938463463374607431768211455)")
            @JsonDeserialize(using = Uint128Deserializer.class) BigInteger amount) {
        Asset toDomain() {
            return new Asset(chainId, denom, amount);
        }
    }

    @Schema(name = "CreateSettlement", description = "A new settlement; it starts PENDING at version 1.",
            additionalProperties = Schema.False.class)
    record CreateSettlement(
            @Schema(pattern = FieldRules.IDENTIFIER, examples = "s-1", description = "Unique, URL-safe; generated "
                    + "(a UUID) when absent. Not made only of dots, and not 'stuck'.") String id,
            @Schema(required = true, pattern = FieldRules.IDENTIFIER, examples = "intent-1",
                    description = "The intent being settled; not made only of dots") String intentId,
            @Schema(pattern = FieldRules.TOKEN, examples = "solver-1", description = "The solver that fills it; with "
                    + "authentication on, a solver must give its own token subject") String solverId,
            @Schema(required = true, pattern = FieldRules.LONG_TOKEN, examples = "cosmos1user") String userAddress,
            @Schema(required = true) AssetBody inputAsset,
            @Schema(required = true) AssetBody outputAsset,
            @Schema(minimum = "1", maximum = FieldRules.MAX_EPOCH_SECONDS, description = "Unix epoch seconds, later "
                    + "than now; defaults to now + settlement.default-timeout-secs") Long expiresAt) {
        NewSettlement toDomain() {
            return new NewSettlement(id, intentId, solverId, userAddress,
                    inputAsset == null ? null : inputAsset.toDomain(),
                    outputAsset == null ? null : outputAsset.toDomain(), expiresAt);
        }
    }

    @Schema(name = "Event", description = "An on-chain event that moves a settlement along, told apart by its type.",
            oneOf = {UserLocked.class, SolverLocked.class, IbcTransferStarted.class, IbcTransferComplete.class,
                    IbcTransferFailed.class},
            discriminatorProperty = "type", discriminatorMapping = {
                    @DiscriminatorMapping(value = "USER_LOCKED", schema = UserLocked.class),
                    @DiscriminatorMapping(value = "SOLVER_LOCKED", schema = SolverLocked.class),
                    @DiscriminatorMapping(value = "IBC_TRANSFER_STARTED", schema = IbcTransferStarted.class),
                    @DiscriminatorMapping(value = "IBC_TRANSFER_COMPLETE", schema = IbcTransferComplete.class),
                    @DiscriminatorMapping(value = "IBC_TRANSFER_FAILED", schema = IbcTransferFailed.class)})
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

    @Schema(name = "UserLockedEvent", description = "PENDING -> USER_LOCKED: the user's funds are in escrow.",
            additionalProperties = Schema.False.class, requiredProperties = "type",
            properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "USER_LOCKED"))
    record UserLocked(@Schema(required = true, pattern = FieldRules.TOKEN) String escrowId,
                      @Schema(pattern = FieldRules.LONG_TOKEN) String txHash) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.UserLocked(escrowId, txHash);
        }
    }

    @Schema(name = "SolverLockedEvent", description = "USER_LOCKED -> SOLVER_LOCKED: the solver's bond is locked.",
            additionalProperties = Schema.False.class, requiredProperties = "type",
            properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "SOLVER_LOCKED"))
    record SolverLocked(@Schema(required = true, pattern = FieldRules.TOKEN) String bondId,
                        @Schema(pattern = FieldRules.LONG_TOKEN) String txHash) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.SolverLocked(bondId, txHash);
        }
    }

    @Schema(name = "IbcTransferStartedEvent", description = "SOLVER_LOCKED -> EXECUTING: the IBC packet is sent.",
            additionalProperties = Schema.False.class, requiredProperties = "type",
            properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "IBC_TRANSFER_STARTED"))
    record IbcTransferStarted(@Schema(required = true, minimum = "0", description = "The IBC packet sequence")
                              Long sequence,
                              @Schema(pattern = FieldRules.LONG_TOKEN) String txHash) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.IbcTransferStarted(required("sequence", sequence), txHash);
        }
    }

    @Schema(name = "IbcTransferCompleteEvent", description = "EXECUTING -> COMPLETE: the transfer arrived.",
            additionalProperties = Schema.False.class, requiredProperties = "type",
            properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "IBC_TRANSFER_COMPLETE"))
    record IbcTransferComplete(@Schema(pattern = FieldRules.LONG_TOKEN) String txHash) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.IbcTransferComplete(txHash);
        }
    }

    @Schema(name = "IbcTransferFailedEvent", description = "Any non-terminal status -> FAILED: the transfer failed.",
            additionalProperties = Schema.False.class, requiredProperties = "type",
            properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "IBC_TRANSFER_FAILED"))
    record IbcTransferFailed(@Schema(required = true, minLength = 1, maxLength = FieldRules.MAX_TEXT,
            pattern = FieldRules.TEXT) String reason) implements Event {
        public SettlementEvent toDomain() {
            return new SettlementEvent.IbcTransferFailed(reason);
        }
    }

    @Schema(name = "Outcome", description = "How a settlement ended, told apart by its result.",
            oneOf = {Success.class, Failure.class, Timeout.class},
            discriminatorProperty = "result", discriminatorMapping = {
                    @DiscriminatorMapping(value = "SUCCESS", schema = Success.class),
                    @DiscriminatorMapping(value = "FAILURE", schema = Failure.class),
                    @DiscriminatorMapping(value = "TIMEOUT", schema = Timeout.class)})
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "result")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Success.class, name = "SUCCESS"),
            @JsonSubTypes.Type(value = Failure.class, name = "FAILURE"),
            @JsonSubTypes.Type(value = Timeout.class, name = "TIMEOUT")})
    sealed interface Outcome {
        SettlementOutcome toDomain();
    }

    @Schema(name = "SuccessOutcome", description = "EXECUTING -> COMPLETE: the output was delivered.",
            additionalProperties = Schema.False.class, requiredProperties = "result",
            properties = @SchemaProperty(name = "result", type = SchemaType.STRING, enumeration = "SUCCESS"))
    record Success(@Schema(required = true, type = SchemaType.STRING, pattern = FieldRules.UINT128,
                           examples = "5000000", description = "Uint128 as a decimal string: 0 to 2^128-1")
                   @JsonDeserialize(using = Uint128Deserializer.class) BigInteger outputDelivered,
                   @Schema(pattern = FieldRules.LONG_TOKEN) String txHash)
            implements Outcome {
        public SettlementOutcome toDomain() {
            return new SettlementOutcome.Success(outputDelivered, txHash);
        }
    }

    @Schema(name = "FailureOutcome", description = "Any non-terminal status -> FAILED.",
            additionalProperties = Schema.False.class, requiredProperties = "result",
            properties = @SchemaProperty(name = "result", type = SchemaType.STRING, enumeration = "FAILURE"))
    record Failure(@Schema(required = true, minLength = 1, maxLength = FieldRules.MAX_TEXT,
                           pattern = FieldRules.TEXT) String reason,
                   @Schema(required = true, description = "Whether the failure is recoverable or permanent")
                   Boolean recoverable) implements Outcome {
        public SettlementOutcome toDomain() {
            return new SettlementOutcome.Failure(reason, required("recoverable", recoverable));
        }
    }

    @Schema(name = "TimeoutOutcome", description = "Any non-terminal status -> TIMED_OUT.",
            additionalProperties = Schema.False.class, requiredProperties = "result",
            properties = @SchemaProperty(name = "result", type = SchemaType.STRING, enumeration = "TIMEOUT"))
    record Timeout() implements Outcome {
        public SettlementOutcome toDomain() {
            return new SettlementOutcome.Timeout();
        }
    }

    @Schema(name = "FailRequest", description = "Give up on a settlement, with a reason.",
            additionalProperties = Schema.False.class)
    record Fail(@Schema(required = true, minLength = 1, maxLength = FieldRules.MAX_TEXT,
                        pattern = FieldRules.TEXT) String reason) {
    }

    @Schema(name = "SettlementPage", description = "One page of a list.")
    record PageBody(@Schema(required = true) List<Settlement> items,
                    @Schema(required = true, nullable = true, description = "Opaque; pass it back as cursor for the "
                            + "next page; null on the last page") String nextCursor) {
        static PageBody of(Page<Settlement> page, PageCursor.Order order) {
            return new PageBody(page.items(), page.next() == null ? null : page.next().encode(order));
        }
    }

    @Schema(name = "RecoveryReport", description = "What one recovery run did.")
    record RecoveryBody(@Schema(required = true, minimum = "0", description = "Stuck settlements found") int examined,
                        @Schema(required = true, minimum = "0", description = "Of those, marked TIMED_OUT by this run")
                        int timedOut) {
    }

    /** Fields the domain models as primitives are optional in JSON; a missing one is a validation error. */
    private static <T> T required(String field, T value) {
        if (value == null) {
            throw SettlementException.invalidFields(Map.of(field, "is required"));
        }
        return value;
    }
}
