package dev.settlement.api.feed;

import dev.settlement.api.Asset;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StateTransition;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change event (without its sequence) as flat text fields, losslessly, for the stores to keep: a Redis stream entry
 * takes the pairs as they are; a SQL row keeps {@link #encode} in one text column. A null value is an absent field.
 */
public final class EventFields {
    private EventFields() {
    }

    public static Map<String, String> toFields(ChangeEvent event) {
        Map<String, String> f = new LinkedHashMap<>();
        Settlement s = event.settlement();
        put(f, "time", event.time());
        put(f, "id", s.id());
        put(f, "intentId", s.intentId());
        put(f, "solverId", s.solverId());
        put(f, "userAddress", s.userAddress());
        putAsset(f, "input", s.inputAsset());
        putAsset(f, "output", s.outputAsset());
        put(f, "status", s.status().name());
        put(f, "escrowId", s.escrowId());
        put(f, "solverBondId", s.solverBondId());
        put(f, "ibcPacketSequence", s.ibcPacketSequence());
        put(f, "createdAt", s.createdAt());
        put(f, "updatedAt", s.updatedAt());
        put(f, "expiresAt", s.expiresAt());
        put(f, "completedAt", s.completedAt());
        put(f, "errorMessage", s.errorMessage());
        put(f, "version", s.version());
        StateTransition t = event.transition();
        if (t != null) {
            put(f, "t.sequence", t.sequence());
            put(f, "t.fromStatus", t.fromStatus().name());
            put(f, "t.toStatus", t.toStatus().name());
            put(f, "t.timestamp", t.timestamp());
            put(f, "t.details", t.details());
            put(f, "t.txHash", t.txHash());
            put(f, "t.actor", t.actor());
        }
        return f;
    }

    /**
     * The settlement of a field map, the names being those {@link #toFields} writes (which the Redis backend's
     * settlement hashes use too). Throws {@link IllegalArgumentException} naming a missing or unreadable field.
     */
    public static Settlement settlement(Map<String, String> f) {
        return new Settlement(required(f, "id"), required(f, "intentId"), f.get("solverId"),
                required(f, "userAddress"), asset(f, "input"), asset(f, "output"),
                SettlementStatus.valueOf(required(f, "status")), f.get("escrowId"), f.get("solverBondId"),
                optionalLong(f, "ibcPacketSequence"), longOf(f, "createdAt"), longOf(f, "updatedAt"),
                longOf(f, "expiresAt"), optionalLong(f, "completedAt"), f.get("errorMessage"), longOf(f, "version"));
    }

    public static ChangeEvent fromFields(long sequence, Map<String, String> f) {
        try {
            Settlement s = settlement(f);
            StateTransition t = f.containsKey("t.sequence")
                    ? new StateTransition(Integer.parseInt(f.get("t.sequence")),
                    SettlementStatus.valueOf(required(f, "t.fromStatus")), SettlementStatus.valueOf(required(f, "t.toStatus")),
                    longOf(f, "t.timestamp"), f.get("t.details"), f.get("t.txHash"), required(f, "t.actor"))
                    : null;
            return new ChangeEvent(sequence, longOf(f, "time"), s, t);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Unreadable event " + sequence + ": " + e.getMessage(), e);
        }
    }

    /** The fields as one string: {@code name=length:value} per field, one per line; the length makes it unambiguous. */
    public static String encode(ChangeEvent event) {
        StringBuilder text = new StringBuilder(512);
        toFields(event).forEach((name, value) ->
                text.append(name).append('=').append(value.length()).append(':').append(value).append('\n'));
        return text.toString();
    }

    public static ChangeEvent decode(long sequence, String text) {
        Map<String, String> f = new LinkedHashMap<>();
        int at = 0;
        while (at < text.length()) {
            int eq = text.indexOf('=', at);
            int colon = text.indexOf(':', eq);
            if (eq < 0 || colon < 0) {
                throw new IllegalStateException("Unreadable event " + sequence + " at offset " + at);
            }
            int length = Integer.parseInt(text.substring(eq + 1, colon));
            f.put(text.substring(at, eq), text.substring(colon + 1, colon + 1 + length));
            at = colon + 1 + length + 1; // past the value and its newline
        }
        return fromFields(sequence, f);
    }

    private static void put(Map<String, String> f, String name, Object value) {
        if (value != null) {
            f.put(name, value.toString());
        }
    }

    private static void putAsset(Map<String, String> f, String side, Asset asset) {
        put(f, side + "ChainId", asset.chainId());
        put(f, side + "Denom", asset.denom());
        put(f, side + "Amount", asset.amount().toString());
    }

    private static Asset asset(Map<String, String> f, String side) {
        return new Asset(required(f, side + "ChainId"), required(f, side + "Denom"),
                new BigInteger(required(f, side + "Amount")));
    }

    private static String required(Map<String, String> f, String name) {
        String value = f.get(name);
        if (value == null) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        return value;
    }

    private static long longOf(Map<String, String> f, String name) {
        return Long.parseLong(required(f, name));
    }

    private static Long optionalLong(Map<String, String> f, String name) {
        String value = f.get(name);
        return value == null ? null : Long.valueOf(value);
    }
}
