package dev.settlement.store.redis;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StateTransition;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls of the store's writing scripts, typed: the only code that knows the order of their keys and arguments
 * (each script's header says what it reads). The store sends them; so does the benchmark that measures what Redis
 * can do without the store in between, and its bulk loader.
 */
public final class RedisScripts {
    /** One script call: the script's name (its file {@code <name>.lua}), its keys and its arguments, in order. */
    public record Call(String script, List<String> keys, List<String> args) {
    }

    private RedisScripts() {
    }

    /** The text of script {@code name}: what the store runs, whose SHA-1 {@code EVALSHA} names. */
    public static String source(String name) {
        return LuaScript.load(name).source();
    }

    /** create.lua for a new (active) settlement under {@code keyPrefix}, as the plain backend sends it. */
    public static Call create(String keyPrefix, Settlement s, int maxActivePerSolver) {
        return create(new RedisKeys(keyPrefix), s, maxActivePerSolver, "");
    }

    /** update.lua for a status change, as the plain backend sends it. */
    public static Call update(String keyPrefix, long expectedVersion, Settlement updated, StateTransition transition) {
        return update(new RedisKeys(keyPrefix), expectedVersion, updated, transition, false);
    }

    /** import.lua for one settlement and its history, as the plain backend's import sends it. */
    public static Call importing(String keyPrefix, SettlementWithHistory item) {
        return importing(new RedisKeys(keyPrefix), item, "0", false);
    }

    /**
     * {@code archiveMark} is empty, or the removal sequence a composite caller read before it checked its archive.
     */
    static Call create(RedisKeys keys, Settlement s, int maxActivePerSolver, String archiveMark) {
        List<String> k = new ArrayList<>(List.of(keys.settlement(s.id()), keys.activeOfIntent(s.intentId()),
                keys.all(), keys.byStatus(s.status()), keys.byIntent(s.intentId()), keys.byUser(s.userAddress()),
                keys.activeByExpiry(), keys.archiveTombstones(), keys.archiveCounters()));
        if (s.solverId() != null) {
            k.add(keys.activeOfSolver(s.solverId()));
            k.add(keys.bySolver(s.solverId()));
        }
        List<String> args = new ArrayList<>(List.of(s.id(), Long.toString(s.createdAt()),
                Long.toString(s.expiresAt()), Integer.toString(maxActivePerSolver), archiveMark));
        args.addAll(SettlementCodec.allFields(s));
        return new Call("create", k, args);
    }

    /** With {@code terminalIndex}, a settlement that becomes terminal also enters idx:terminal (the composite's). */
    static Call update(RedisKeys keys, long expectedVersion, Settlement updated, StateTransition transition,
                       boolean terminalIndex) {
        SettlementStatus from = transition.fromStatus();
        SettlementStatus to = updated.status();
        List<String> k = new ArrayList<>(List.of(keys.settlement(updated.id()), keys.history(updated.id()),
                keys.byStatus(from), keys.byStatus(to), keys.activeByExpiry(), keys.activeOfIntent(updated.intentId()),
                keys.terminalByUpdate()));
        if (updated.solverId() != null) {
            k.add(keys.activeOfSolver(updated.solverId()));
        }
        SettlementCodec.Fields fields = SettlementCodec.mutableFields(updated);
        String leaves = !from.isTerminal() && to.isTerminal() ? (terminalIndex ? "2" : "1") : "0";
        List<String> args = new ArrayList<>(List.of(updated.id(), Long.toString(expectedVersion), from.name(),
                to.name(), leaves, updated.intentId(), orEmpty(updated.solverId()), SettlementCodec.toJson(transition),
                Integer.toString(fields.pairs.size() / 2)));
        args.addAll(fields.pairs);
        args.addAll(fields.absent);
        return new Call("update", k, args);
    }

    /**
     * {@code mode}: "0" import, "1" only over a stored version, "2" moved back from the composite's archive (drops
     * its tombstone); with {@code terminalIndex} a terminal settlement enters idx:terminal (the composite's).
     */
    static Call importing(RedisKeys keys, SettlementWithHistory item, String mode, boolean terminalIndex) {
        Settlement s = item.settlement();
        List<String> k = new ArrayList<>(List.of(keys.settlement(s.id()), keys.history(s.id()), keys.all(),
                keys.byIntent(s.intentId()), keys.byUser(s.userAddress()), keys.activeByExpiry(),
                keys.activeOfIntent(s.intentId()), keys.terminalByUpdate(), keys.archiveTombstones()));
        for (SettlementStatus status : SettlementStatus.values()) {
            k.add(keys.byStatus(status));
        }
        if (s.solverId() != null) {
            k.add(keys.bySolver(s.solverId()));
            k.add(keys.activeOfSolver(s.solverId()));
        }
        List<String> fields = SettlementCodec.allFields(s);
        List<String> args = new ArrayList<>(List.of(s.id(), Long.toString(s.version()), s.status().name(),
                s.isActive() ? "1" : terminalIndex ? "2" : "0", Long.toString(s.createdAt()),
                Long.toString(s.expiresAt()), Long.toString(s.updatedAt()), s.intentId(), orEmpty(s.solverId()),
                s.userAddress(), mode, Integer.toString(fields.size())));
        args.addAll(fields);
        item.history().forEach(t -> args.add(SettlementCodec.toJson(t)));
        return new Call("import", k, args);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
