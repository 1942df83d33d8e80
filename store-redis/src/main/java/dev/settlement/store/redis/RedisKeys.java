package dev.settlement.store.redis;

import dev.settlement.api.SettlementStatus;

/**
 * The key names of one deployment. Every key starts with the hash tag {@code {prefix}}, so Redis Cluster puts all
 * of them in one slot and a script may touch any of them; ids follow a fixed family part, so no two families collide.
 *
 * <pre>
 * {p}:s:&lt;id&gt;                  hash   the settlement, one field per attribute (absent = null)
 * {p}:h:&lt;id&gt;                  list   its transitions as JSON, in sequence order
 * {p}:idx:all                  zset   every settlement, score createdAt
 * {p}:idx:status:&lt;STATUS&gt;     zset   settlements in that status, score createdAt (ZCARD = count)
 * {p}:idx:solver:&lt;solverId&gt;   zset   settlements of a solver, score createdAt
 * {p}:idx:intent:&lt;intentId&gt;   zset   settlements of an intent, score createdAt
 * {p}:idx:user:&lt;userAddress&gt;  zset   settlements of a user, score createdAt
 * {p}:idx:active-expiry        zset   active settlements only, score expiresAt (stuck queries)
 * {p}:active:solver:&lt;solverId&gt; set    ids of a solver's active settlements (SCARD = capacity used)
 * {p}:active:intent:&lt;intentId&gt; string id of the intent's active settlement, if any
 * {p}:idx:terminal             zset   terminal settlements, score updatedAt: only the composite's writes keep it,
 *                                     for its archiver
 * {p}:archive:claims           zset   ids claimed by an archiver, score lease end (epoch ms)
 * {p}:archive:tombstones       zset   ids moved to the archive, score the sequence number of their removal
 * {p}:archive:counters         hash   forgotten (removal sequence), trimmed (tombstones dropped up to), claims
 * {p}:migrations               hash   migration name -&gt; its checkpoint (the migrate command)
 * </pre>
 */
final class RedisKeys {
    private final String prefix;
    private final String tagged;

    RedisKeys(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("settlement.redis.key-prefix must be non-empty and free of braces: '"
                    + prefix + "'");
        }
        this.prefix = prefix;
        this.tagged = "{" + prefix + "}:";
    }

    String prefix() {
        return prefix;
    }

    /** What every settlement hash key starts with; scripts append the id. */
    String settlementPrefix() {
        return tagged + "s:";
    }

    String settlement(String id) {
        return settlementPrefix() + id;
    }

    String history(String id) {
        return historyPrefix() + id;
    }

    String all() {
        return tagged + "idx:all";
    }

    String byStatus(SettlementStatus status) {
        return tagged + "idx:status:" + status.name();
    }

    String bySolver(String solverId) {
        return tagged + "idx:solver:" + solverId;
    }

    String byIntent(String intentId) {
        return tagged + "idx:intent:" + intentId;
    }

    String byUser(String userAddress) {
        return tagged + "idx:user:" + userAddress;
    }

    String activeByExpiry() {
        return tagged + "idx:active-expiry";
    }

    String activeOfSolver(String solverId) {
        return tagged + "active:solver:" + solverId;
    }

    String activeOfIntent(String intentId) {
        return tagged + "active:intent:" + intentId;
    }

    String terminalByUpdate() {
        return tagged + "idx:terminal";
    }

    String archiveClaims() {
        return tagged + "archive:claims";
    }

    String archiveTombstones() {
        return tagged + "archive:tombstones";
    }

    String archiveCounters() {
        return tagged + "archive:counters";
    }

    String migrations() {
        return tagged + "migrations";
    }

    /** What every history list key starts with; scripts append the id. */
    String historyPrefix() {
        return tagged + "h:";
    }
}
