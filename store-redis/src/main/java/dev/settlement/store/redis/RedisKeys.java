package dev.settlement.store.redis;

import dev.settlement.api.SettlementStatus;
import dev.settlement.api.webhook.DeliveryStatus;

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
 * {p}:events                   stream the change feed: entry id &lt;sequence&gt;-0, fields time and event (EventFields.encode)
 * {p}:events:sequence          string the last sequence given to an event (INCR; raised by an import)
 * {p}:events:pruned-through    string the highest sequence pruning removed: reading from below it is too late
 * {p}:wh:endpoints             zset   webhook endpoint ids, score createdAt
 * {p}:wh:endpoint:&lt;eid&gt;        hash   an endpoint, one field per attribute (types as a JSON array)
 * {p}:wh:deliveries:&lt;eid&gt;      hash   its deliveries: event sequence -&gt; the delivery as JSON
 * {p}:wh:by-event:&lt;eid&gt;        zset   its deliveries' sequences, score the sequence (listing in event order)
 * {p}:wh:status:&lt;STATUS&gt;:&lt;eid&gt; zset   its deliveries in that status, score the sequence (ZCARD = count)
 * {p}:wh:undelivered:&lt;eid&gt;     zset   its undelivered deliveries, all score 0, member "&lt;settlementId&gt; &lt;sequence, 20
 *                                     digits&gt;": ZRANGEBYLEX finds a settlement's first (ids hold no spaces)
 * {p}:wh:due                   zset   every undelivered delivery, score nextAttemptAt, member "&lt;eid&gt; &lt;sequence,
 *                                     20 digits&gt;" (ties: endpoint, then event order)
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

    String events() {
        return tagged + "events";
    }

    String eventSequence() {
        return tagged + "events:sequence";
    }

    String eventsPrunedThrough() {
        return tagged + "events:pruned-through";
    }

    String webhookEndpoints() {
        return tagged + "wh:endpoints";
    }

    /** What every webhook endpoint hash key starts with; scripts append the id. */
    String webhookEndpointPrefix() {
        return tagged + "wh:endpoint:";
    }

    String webhookEndpoint(String endpointId) {
        return webhookEndpointPrefix() + endpointId;
    }

    /** What every per-endpoint delivery hash key starts with; scripts append the endpoint id. */
    String webhookDeliveriesPrefix() {
        return tagged + "wh:deliveries:";
    }

    String webhookDeliveries(String endpointId) {
        return webhookDeliveriesPrefix() + endpointId;
    }

    String webhookByEvent(String endpointId) {
        return tagged + "wh:by-event:" + endpointId;
    }

    String webhookByStatus(DeliveryStatus status, String endpointId) {
        return tagged + "wh:status:" + status.name() + ":" + endpointId;
    }

    String webhookUndelivered(String endpointId) {
        return tagged + "wh:undelivered:" + endpointId;
    }

    String webhookDue() {
        return tagged + "wh:due";
    }

    /** The member of {@link #webhookUndelivered}: lexical order is settlement, then event order. */
    static String undeliveredMember(String settlementId, long eventSequence) {
        return settlementId + " " + paddedSequence(eventSequence);
    }

    /** The member of {@link #webhookDue}: ties on the score go by endpoint, then event order. */
    static String dueMember(String endpointId, long eventSequence) {
        return endpointId + " " + paddedSequence(eventSequence);
    }

    /** A sequence in 20 digits, so that the byte order of members is the numeric order. */
    private static String paddedSequence(long eventSequence) {
        return String.format("%020d", eventSequence);
    }

    /** What every history list key starts with; scripts append the id. */
    String historyPrefix() {
        return tagged + "h:";
    }
}
