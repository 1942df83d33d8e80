package dev.settlement.bench;

import dev.settlement.api.SettlementStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * The raw limit of the Redis backend: for one {@link Lifecycle}, the commands the store sends — EVALSHA of its own
 * create.lua, then per status change HGETALL (the manager's read) and EVALSHA of update.lua — with the same keys
 * and arguments, on plain Jedis connections (as many as the store's client pool holds at most, 16).
 *
 * <p>Nothing is pipelined, because the store cannot pipeline either: each update carries the version read just
 * before it, and each step waits for the previous one's answer.
 */
final class RawRedis implements AutoCloseable {
    private static final long TIMEOUT_SECS = 1800;
    private final Pool<Jedis> pool;
    private final String tag;
    private final String createSha;
    private final String updateSha;

    RawRedis(String url, String keyPrefix, int connections) throws Exception {
        URI uri = URI.create(url);
        this.pool = new Pool<>(connections, () -> new Jedis(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()));
        this.tag = "{" + keyPrefix + "}:";
        this.createSha = pool.with(j -> j.scriptLoad(script("create")));
        this.updateSha = pool.with(j -> j.scriptLoad(script("update")));
    }

    /** A script of the Redis store, read from its jar: the very text whose SHA-1 the store runs. */
    static String script(String name) {
        try (InputStream in = RawRedis.class.getResourceAsStream("/dev/settlement/store/redis/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("store-redis script " + name + ".lua not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void lifecycle(Lifecycle l) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        List<String> keys = List.of(tag + "s:" + l.id(), tag + "active:intent:" + l.intentId(), tag + "idx:all",
                tag + "idx:status:PENDING", tag + "idx:intent:" + l.intentId(), tag + "idx:user:" + l.userAddress(),
                tag + "idx:active-expiry", tag + "archive:tombstones", tag + "archive:counters",
                tag + "active:solver:" + l.solverId(), tag + "idx:solver:" + l.solverId());
        List<String> args = new ArrayList<>(List.of(l.id(), Long.toString(now), Long.toString(now + TIMEOUT_SECS),
                "10", ""));
        args.addAll(List.of("id", l.id(), "intentId", l.intentId(), "solverId", l.solverId(),
                "userAddress", l.userAddress(),
                "inputChainId", Lifecycle.INPUT.chainId(), "inputDenom", Lifecycle.INPUT.denom(),
                "inputAmount", Lifecycle.INPUT.amount().toString(),
                "outputChainId", Lifecycle.OUTPUT.chainId(), "outputDenom", Lifecycle.OUTPUT.denom(),
                "outputAmount", Lifecycle.OUTPUT.amount().toString(),
                "status", "PENDING", "updatedAt", Long.toString(now), "version", "1",
                "createdAt", Long.toString(now), "expiresAt", Long.toString(now + TIMEOUT_SECS)));
        Object created = pool.with(j -> j.evalsha(createSha, keys, args));
        if (!"OK".equals(created)) {
            throw new IllegalStateException("create.lua answered " + created);
        }
        for (Lifecycle.Step step : l.steps()) {
            String version = pool.with(j -> j.hgetAll(tag + "s:" + l.id()).get("version"));
            long at = System.currentTimeMillis() / 1000;
            boolean leavesActive = !step.from().isTerminal() && step.to().isTerminal();
            List<String> updateKeys = List.of(tag + "s:" + l.id(), tag + "h:" + l.id(),
                    tag + "idx:status:" + step.from(), tag + "idx:status:" + step.to(), tag + "idx:active-expiry",
                    tag + "active:intent:" + l.intentId(), tag + "idx:terminal", tag + "active:solver:" + l.solverId());
            List<String> set = new ArrayList<>(List.of("status", step.to().name()));
            List<String> absent = new ArrayList<>();
            optional(set, absent, "escrowId", step.sequence() >= 1 ? l.escrowId() : null);
            optional(set, absent, "solverBondId", step.sequence() >= 2 ? l.bondId() : null);
            optional(set, absent, "ibcPacketSequence", step.sequence() >= 3 ? Long.toString(l.ibcSequence()) : null);
            set.addAll(List.of("updatedAt", Long.toString(at)));
            optional(set, absent, "completedAt", step.to() == SettlementStatus.COMPLETE ? Long.toString(at) : null);
            absent.add("errorMessage");
            set.addAll(List.of("version", Long.toString(step.versionAfter())));
            List<String> updateArgs = new ArrayList<>(List.of(l.id(), version, step.from().name(), step.to().name(),
                    leavesActive ? "1" : "0", l.intentId(), l.solverId(), transitionJson(step, at),
                    Integer.toString(set.size() / 2)));
            updateArgs.addAll(set);
            updateArgs.addAll(absent);
            Object outcome = pool.with(j -> j.evalsha(updateSha, updateKeys, updateArgs));
            if (!(outcome instanceof List<?> list) || !"OK".equals(list.get(0))) {
                throw new IllegalStateException("update.lua answered " + outcome);
            }
        }
    }

    private static void optional(List<String> set, List<String> absent, String field, String value) {
        if (value == null) {
            absent.add(field);
        } else {
            set.add(field);
            set.add(value);
        }
    }

    /** The store's transition JSON (SettlementCodec.toJson): the same members in the same order. */
    private static String transitionJson(Lifecycle.Step step, long at) {
        return "{\"sequence\":" + step.sequence() + ",\"fromStatus\":\"" + step.from() + "\",\"toStatus\":\""
                + step.to() + "\",\"timestamp\":" + at + ",\"details\":\"" + step.details() + "\",\"txHash\":\""
                + step.txHash() + "\",\"actor\":\"" + Lifecycle.ACTOR + "\"}";
    }

    @Override
    public void close() throws Exception {
        pool.close();
    }
}
