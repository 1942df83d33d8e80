package dev.settlement.store.redis;

import dev.settlement.api.Asset;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.EventFields;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settlements as Redis hashes (their fields named as {@link EventFields} names them, which reads them back) and
 * transitions as JSON list entries, losslessly: amounts are decimal strings, a null
 * field is an absent hash field (or JSON member), never an empty string.
 */
final class SettlementCodec {
    static final String VERSION = "version";
    static final String STATUS = "status";

    private SettlementCodec() {
    }

    /** Field/value pairs for HSET of a new settlement; null fields are left out. */
    static List<String> allFields(Settlement s) {
        Fields f = new Fields();
        f.put("id", s.id());
        f.put("intentId", s.intentId());
        f.put("solverId", s.solverId());
        f.put("userAddress", s.userAddress());
        putAsset(f, "input", s.inputAsset());
        putAsset(f, "output", s.outputAsset());
        putMutable(f, s);
        f.put("createdAt", s.createdAt());
        f.put("expiresAt", s.expiresAt());
        return f.pairs;
    }

    /**
     * The fields a status change may touch, as (pairs to set, fields to delete). Identity, parties, assets and the
     * createdAt/expiresAt keys of the indexes never change after creation.
     */
    static Fields mutableFields(Settlement s) {
        Fields f = new Fields();
        putMutable(f, s);
        return f;
    }

    private static void putMutable(Fields f, Settlement s) {
        f.put(STATUS, s.status().name());
        f.put("escrowId", s.escrowId());
        f.put("solverBondId", s.solverBondId());
        f.put("ibcPacketSequence", s.ibcPacketSequence());
        f.put("updatedAt", s.updatedAt());
        f.put("completedAt", s.completedAt());
        f.put("errorMessage", s.errorMessage());
        f.put(VERSION, s.version());
    }

    private static void putAsset(Fields f, String side, Asset asset) {
        f.put(side + "ChainId", asset.chainId());
        f.put(side + "Denom", asset.denom());
        f.put(side + "Amount", asset.amount().toString());
    }

    /** A settlement from its hash (HGETALL as a RESP3 map or a flat RESP2/script array); null when it is empty. */
    static Settlement fromHash(Response hash) {
        Map<String, String> h = toMap(hash);
        if (h.isEmpty()) {
            return null;
        }
        try {
            return EventFields.settlement(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Unreadable settlement hash " + h.get("id") + ": " + e.getMessage(), e);
        }
    }

    static String toJson(StateTransition t) {
        JsonObject json = new JsonObject()
                .put("sequence", t.sequence())
                .put("fromStatus", t.fromStatus().name())
                .put("toStatus", t.toStatus().name())
                .put("timestamp", t.timestamp());
        if (t.details() != null) {
            json.put("details", t.details());
        }
        if (t.txHash() != null) {
            json.put("txHash", t.txHash());
        }
        json.put("actor", t.actor());
        return json.encode();
    }

    /** Entries written before the actor was recorded have none and read as {@link StateTransition#UNKNOWN}. */
    static StateTransition transitionFromJson(String text) {
        JsonObject json = new JsonObject(text);
        return new StateTransition(json.getInteger("sequence"), SettlementStatus.valueOf(json.getString("fromStatus")),
                SettlementStatus.valueOf(json.getString("toStatus")), json.getLong("timestamp"),
                json.getString("details"), json.getString("txHash"), json.getString("actor", StateTransition.UNKNOWN));
    }

    static Map<String, String> toMap(Response response) {
        Map<String, String> map = new HashMap<>();
        if (response == null) {
            return map;
        }
        if (response.isMap()) {
            for (String key : response.getKeys()) {
                map.put(key, response.get(key).toString());
            }
        } else {
            for (int i = 0; i + 1 < response.size(); i += 2) {
                map.put(response.get(i).toString(), response.get(i + 1).toString());
            }
        }
        return map;
    }

    /** Hash fields to write: pairs to set, and the names of null fields to delete on an update. */
    static final class Fields {
        final List<String> pairs = new ArrayList<>();
        final List<String> absent = new ArrayList<>();

        void put(String field, Object value) {
            if (value == null) {
                absent.add(field);
            } else {
                pairs.add(field);
                pairs.add(value.toString());
            }
        }
    }
}
