package dev.settlement.store.redis;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventFields;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls of the store's writing scripts, typed: the only code that knows the order of their keys and arguments
 * (each script's header says what it reads). The store sends them; so does the benchmark that measures what Redis
 * can do without the store in between, and its bulk loader.
 */
public final class RedisScripts {
    /** The stream entry's fields: the event's time, and the event itself. */
    static final String EVENT_TIME = "time";
    static final String EVENT = "event";

    /** One script call: the script's name (its file {@code <name>.lua}), its keys and its arguments, in order. */
    public record Call(String script, List<String> keys, List<String> args) {
    }

    private RedisScripts() {
    }

    /** The text of script {@code name}: what the store runs, whose SHA-1 {@code EVALSHA} names. */
    public static String source(String name) {
        return LuaScript.load(name).source();
    }

    /**
     * create.lua for a new (active) settlement under {@code keyPrefix}, as the plain backend sends it: with its
     * {@code settlement.created} event, appended to the feed in the same step.
     */
    public static Call create(String keyPrefix, Settlement s, int maxActivePerSolver) {
        return create(new RedisKeys(keyPrefix), s, maxActivePerSolver, "");
    }

    /** update.lua for a status change, as the plain backend sends it: with its event, appended in the same step. */
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
                keys.activeByExpiry(), keys.archiveTombstones(), keys.archiveCounters(), keys.eventSequence(),
                keys.events()));
        if (s.solverId() != null) {
            k.add(keys.activeOfSolver(s.solverId()));
            k.add(keys.bySolver(s.solverId()));
        }
        List<String> fields = SettlementCodec.allFields(s);
        List<String> args = new ArrayList<>(List.of(s.id(), Long.toString(s.createdAt()),
                Long.toString(s.expiresAt()), Integer.toString(maxActivePerSolver), archiveMark,
                Integer.toString(fields.size())));
        args.addAll(fields);
        addEvent(args, ChangeEvent.created(s));
        return new Call("create", k, args);
    }

    /** With {@code terminalIndex}, a settlement that becomes terminal also enters idx:terminal (the composite's). */
    static Call update(RedisKeys keys, long expectedVersion, Settlement updated, StateTransition transition,
                       boolean terminalIndex) {
        SettlementStatus from = transition.fromStatus();
        SettlementStatus to = updated.status();
        List<String> k = new ArrayList<>(List.of(keys.settlement(updated.id()), keys.history(updated.id()),
                keys.byStatus(from), keys.byStatus(to), keys.activeByExpiry(), keys.activeOfIntent(updated.intentId()),
                keys.terminalByUpdate(), keys.eventSequence(), keys.events()));
        if (updated.solverId() != null) {
            k.add(keys.activeOfSolver(updated.solverId()));
        }
        SettlementCodec.Fields fields = SettlementCodec.mutableFields(updated);
        String leaves = !from.isTerminal() && to.isTerminal() ? (terminalIndex ? "2" : "1") : "0";
        List<String> args = new ArrayList<>(List.of(updated.id(), Long.toString(expectedVersion), from.name(),
                to.name(), leaves, updated.intentId(), orEmpty(updated.solverId()), SettlementCodec.toJson(transition),
                Integer.toString(fields.pairs.size() / 2), Integer.toString(fields.absent.size())));
        args.addAll(fields.pairs);
        args.addAll(fields.absent);
        addEvent(args, ChangeEvent.transitioned(updated, transition));
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

    /**
     * import-events.lua for events in increasing sequence order, each sequence once. Events are written as create.lua
     * and update.lua write them: the stream entry id is {@code <sequence>-0}, the fields those of {@link #addEvent}.
     */
    static Call importEvents(RedisKeys keys, List<ChangeEvent> ascending) {
        List<String> args = new ArrayList<>();
        for (ChangeEvent event : ascending) {
            List<String> fields = new ArrayList<>();
            addEvent(fields, event);
            args.add(Long.toString(event.sequence()));
            args.add(Integer.toString(fields.size()));
            args.addAll(fields);
        }
        return new Call("import-events", List.of(keys.events(), keys.eventSequence(), keys.eventsPrunedThrough()),
                args);
    }

    static Call pruneEvents(RedisKeys keys, long before, int batch) {
        return new Call("prune-events", List.of(keys.events(), keys.eventsPrunedThrough()),
                List.of(Long.toString(before), Integer.toString(batch)));
    }

    /** webhook-endpoint.lua writing {@code endpoint} (and dropping whatever an endpoint of its id had). */
    static Call putEndpoint(RedisKeys keys, WebhookEndpoint endpoint) {
        List<String> args = new ArrayList<>(List.of(endpoint.id(), Long.toString(endpoint.createdAt())));
        args.addAll(WebhookCodec.endpointFields(endpoint));
        return new Call("webhook-endpoint", endpointKeys(keys, endpoint.id()), args);
    }

    /** webhook-endpoint.lua removing an endpoint with its deliveries. */
    static Call removeEndpoint(RedisKeys keys, String endpointId) {
        return new Call("webhook-endpoint", endpointKeys(keys, endpointId), List.of(endpointId, ""));
    }

    private static List<String> endpointKeys(RedisKeys keys, String endpointId) {
        List<String> k = new ArrayList<>(List.of(keys.webhookEndpoints(), keys.webhookDue(),
                keys.webhookEndpoint(endpointId), keys.webhookDeliveries(endpointId), keys.webhookByEvent(endpointId),
                keys.webhookUndelivered(endpointId)));
        for (DeliveryStatus status : DeliveryStatus.values()) {
            k.add(keys.webhookByStatus(status, endpointId));
        }
        return k;
    }

    /** webhook-enqueue.lua: new deliveries, all {@link DeliveryStatus#PENDING}, and the cursor's move. */
    static Call enqueue(RedisKeys keys, String endpointId, long expectedCursor, long newCursor,
                        List<WebhookDelivery> deliveries) {
        List<String> args = new ArrayList<>(List.of(Long.toString(expectedCursor), Long.toString(newCursor)));
        for (WebhookDelivery d : deliveries) {
            if (!d.endpointId().equals(endpointId) || d.status() != DeliveryStatus.PENDING) {
                throw new IllegalArgumentException("Endpoint " + endpointId + " records new PENDING deliveries of its"
                        + " own, not " + d);
            }
            args.addAll(List.of(Long.toString(d.eventSequence()), WebhookCodec.deliveryToJson(d),
                    Long.toString(d.nextAttemptAt()), RedisKeys.undeliveredMember(d.settlementId(), d.eventSequence()),
                    RedisKeys.dueMember(endpointId, d.eventSequence())));
        }
        return new Call("webhook-enqueue", List.of(keys.webhookEndpoint(endpointId), keys.webhookDeliveries(endpointId),
                keys.webhookByEvent(endpointId), keys.webhookByStatus(DeliveryStatus.PENDING, endpointId),
                keys.webhookUndelivered(endpointId), keys.webhookDue()), args);
    }

    /** webhook-replace.lua: compare-and-set of one delivery on its version. */
    static Call replaceDelivery(RedisKeys keys, long expectedVersion, WebhookDelivery updated) {
        String endpointId = updated.endpointId();
        List<String> k = new ArrayList<>(List.of(keys.webhookDeliveries(endpointId),
                keys.webhookUndelivered(endpointId), keys.webhookDue()));
        List<String> args = new ArrayList<>(List.of(Long.toString(updated.eventSequence()),
                Long.toString(expectedVersion), WebhookCodec.deliveryToJson(updated), updated.status().name(),
                updated.status().isUndelivered() ? "1" : "0", Long.toString(updated.nextAttemptAt()),
                RedisKeys.undeliveredMember(updated.settlementId(), updated.eventSequence()),
                RedisKeys.dueMember(endpointId, updated.eventSequence())));
        for (DeliveryStatus status : DeliveryStatus.values()) {
            k.add(keys.webhookByStatus(status, endpointId));
            args.add(status.name());
        }
        return new Call("webhook-replace", k, args);
    }

    /**
     * The event as the stream entry keeps it: {@code time} (what retention reads) and {@code event}, the whole event
     * in {@link EventFields#encode}'s one string (two fields cost Redis less per write than two dozen).
     */
    private static void addEvent(List<String> args, ChangeEvent event) {
        args.add(EVENT_TIME);
        args.add(Long.toString(event.time()));
        args.add(EVENT);
        args.add(EventFields.encode(event));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
