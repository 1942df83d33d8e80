package dev.settlement.store.redis;

import dev.settlement.api.SettlementException;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.Set;

/**
 * Sorts what the Redis client throws: error replies the server sends while it cannot serve (loading, busy script,
 * read-only replica after a failover, out of memory …) and every transport failure or timeout mean the store is
 * unavailable; any other error reply is a bug and stays an ordinary exception. The client reports a connection that
 * closed under a command (the server stopped or crashed) as an error reply of its own, {@code CONNECTION_CLOSED}.
 */
final class RedisFailures {
    private static final Set<String> TRANSIENT_REPLIES = Set.of(
            "LOADING", "BUSY", "MASTERDOWN", "READONLY", "OOM", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS",
            "CONNECTION_CLOSED");

    private RedisFailures() {
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof SettlementException) {
            return e;
        }
        String code = errorCode(e);
        if (code != null && !TRANSIENT_REPLIES.contains(code)) {
            return new IllegalStateException("Redis refused a command: " + e.getMessage(), e);
        }
        return SettlementException.unavailable(RedisSettlementStore.BACKEND, e);
    }

    /** The code of a Redis error reply ("NOSCRIPT", "WRONGTYPE" …) in the cause chain, or null if none. */
    static String errorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // the client reports error replies as a Throwable that is also a Response of type ERROR
            if (t instanceof Response reply && reply.type() == ResponseType.ERROR) {
                String text = reply.toString();
                int space = text.indexOf(' ');
                return space < 0 ? text : text.substring(0, space);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
