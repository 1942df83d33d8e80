package dev.settlement.store.redis;

import dev.settlement.api.SettlementException;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.Map;

/**
 * Sorts what the Redis client throws. Every transport failure or timeout means the store cannot be reached; the client
 * reports a connection that closed under a command (the server stopped or crashed) as an error reply of its own,
 * {@code CONNECTION_CLOSED}. Error replies by which the server refuses work it cannot do now, or not for this client
 * (a failing snapshot, a read-only replica, memory full, loading, a busy script, missing credentials, no free client
 * slot …), mean the store is unavailable too, with the refusal named. Any other error reply is a bug and stays an
 * ordinary exception (a 500).
 */
final class RedisFailures {
    /** Error codes by which a server refuses work, with what each means for an operator. */
    private static final Map<String, String> REFUSALS = Map.ofEntries(
            Map.entry("MISCONF", "it cannot persist to disk (stop-writes-on-bgsave-error)"),
            Map.entry("READONLY", "it is a read-only replica"),
            Map.entry("MASTERDOWN", "it is a replica that lost its master"),
            Map.entry("NOREPLICAS", "too few replicas acknowledge writes (min-replicas-to-write)"),
            Map.entry("OOM", "it is out of memory (maxmemory)"),
            Map.entry("LOADING", "it is loading its data set"),
            Map.entry("BUSY", "a script has been running too long"),
            Map.entry("NOAUTH", "it requires authentication (the password in settlement.redis.url)"),
            Map.entry("WRONGPASS", "it refused the credentials in settlement.redis.url"),
            Map.entry("NOPERM", "the user of settlement.redis.url lacks a permission"),
            Map.entry("TRYAGAIN", "the cluster is moving a slot"),
            Map.entry("CLUSTERDOWN", "the cluster is down"));
    /** Refusals that come as a plain ERR: a connection past maxclients, ... */
    private static final String MAX_CLIENTS = "ERR max number of clients reached";
    /** ... and a long command from a connection that has not authenticated (it gets no NOAUTH, and is closed). */
    private static final String UNAUTHENTICATED = "ERR Protocol error: unauthenticated";
    private static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";

    private RedisFailures() {
    }

    /**
     * {@link #translate(RuntimeException)}, and when Redis could not be reached at all, the reason its server greets a
     * new connection with, if any ({@link RedisGreeting}): the client library drops it.
     */
    static RuntimeException translate(RuntimeException e, String url) {
        RuntimeException translated = translate(e);
        if (translated instanceof SettlementException && unreached(e)) {
            String greeting = RedisGreeting.refusal(url);
            String reason = greeting == null ? null : reason(greeting);
            if (reason != null) {
                return SettlementException.refused(RedisSettlementStore.BACKEND, reason + ": " + greeting, e);
            }
        }
        return translated;
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof SettlementException) {
            return e;
        }
        if (unreached(e)) {
            return SettlementException.unavailable(RedisSettlementStore.BACKEND, e);
        }
        String reply = errorReply(e);
        String reason = reason(reply);
        if (reason == null) {
            return new IllegalStateException("Redis refused a command: " + e.getMessage(), e);
        }
        return SettlementException.refused(RedisSettlementStore.BACKEND, reason + ": " + withoutScript(reply), e);
    }

    /**
     * Whether the command never got an answer from the server: a transport failure or time-out, or a connection that
     * closed under it (which the client reports as an error reply of its own).
     */
    private static boolean unreached(Throwable e) {
        String reply = errorReply(e);
        return reply == null || code(reply).equals(CONNECTION_CLOSED);
    }

    /** What a refusal means, or null for an error reply that is no refusal. */
    private static String reason(String reply) {
        if (reply.startsWith(MAX_CLIENTS)) {
            return "it has as many clients as maxclients allows";
        }
        if (reply.startsWith(UNAUTHENTICATED)) {
            return REFUSALS.get("NOAUTH");
        }
        return REFUSALS.get(code(reply));
    }

    /** The code of a Redis error reply ("NOSCRIPT", "WRONGTYPE" …) in the cause chain, or null if none. */
    static String errorCode(Throwable e) {
        String reply = errorReply(e);
        return reply == null ? null : code(reply);
    }

    /** The text of the Redis error reply in the cause chain ("MISCONF Redis is configured …"), or null. */
    private static String errorReply(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // the client reports error replies as a Throwable that is also a Response of type ERROR
            if (t instanceof Response reply && reply.type() == ResponseType.ERROR) {
                return reply.toString();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String code(String reply) {
        int space = reply.indexOf(' ');
        return space < 0 ? reply : reply.substring(0, space);
    }

    /** A refusal met inside a Lua script ends with " script: <sha1>, on @user_script:<line>.", of no use to a user. */
    private static String withoutScript(String reply) {
        int script = reply.indexOf(" script: ");
        return (script < 0 ? reply : reply.substring(0, script)).trim();
    }
}
