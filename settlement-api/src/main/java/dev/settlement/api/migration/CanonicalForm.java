package dev.settlement.api.migration;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StateTransition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every field of a settlement and of each of its transitions, by name, in a fixed order: what verification compares
 * and what its checksum covers. A field added to {@link Settlement} or {@link StateTransition} is added here.
 */
final class CanonicalForm {
    private CanonicalForm() {
    }

    static Map<String, Object> fields(Settlement s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", s.id());
        f.put("intentId", s.intentId());
        f.put("solverId", s.solverId());
        f.put("userAddress", s.userAddress());
        f.put("inputAsset.chainId", s.inputAsset().chainId());
        f.put("inputAsset.denom", s.inputAsset().denom());
        f.put("inputAsset.amount", s.inputAsset().amount());
        f.put("outputAsset.chainId", s.outputAsset().chainId());
        f.put("outputAsset.denom", s.outputAsset().denom());
        f.put("outputAsset.amount", s.outputAsset().amount());
        f.put("status", s.status());
        f.put("escrowId", s.escrowId());
        f.put("solverBondId", s.solverBondId());
        f.put("ibcPacketSequence", s.ibcPacketSequence());
        f.put("createdAt", s.createdAt());
        f.put("updatedAt", s.updatedAt());
        f.put("expiresAt", s.expiresAt());
        f.put("completedAt", s.completedAt());
        f.put("errorMessage", s.errorMessage());
        f.put("version", s.version());
        return f;
    }

    static Map<String, Object> fields(StateTransition t) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sequence", t.sequence());
        f.put("fromStatus", t.fromStatus());
        f.put("toStatus", t.toStatus());
        f.put("timestamp", t.timestamp());
        f.put("details", t.details());
        f.put("txHash", t.txHash());
        f.put("actor", t.actor());
        return f;
    }

    /**
     * Feeds one settlement and its history to {@code digest} as text: {@code name=length:value} per field (or
     * {@code name=-} for null), one per line, a line {@code S} before the record and {@code T} before each
     * transition. The length prefix makes the encoding unambiguous whatever the values contain.
     */
    static void update(MessageDigest digest, SettlementWithHistory item) {
        StringBuilder text = new StringBuilder("S\n");
        append(text, fields(item.settlement()));
        for (StateTransition t : item.history()) {
            text.append("T\n");
            append(text, fields(t));
        }
        digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void append(StringBuilder text, Map<String, Object> fields) {
        fields.forEach((name, value) -> {
            text.append(name).append('=');
            if (value == null) {
                text.append('-');
            } else {
                String v = value.toString();
                text.append(v.length()).append(':').append(v);
            }
            text.append('\n');
        });
    }
}
