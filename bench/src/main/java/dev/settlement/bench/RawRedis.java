package dev.settlement.bench;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StateTransition;
import dev.settlement.store.redis.RedisScripts;
import java.net.URI;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * The raw limit of the Redis backend: for one {@link Lifecycle}, the commands the store sends — EVALSHA of its own
 * create.lua, then per status change HGETALL (the manager's read) and EVALSHA of update.lua — with the same keys
 * and arguments (the store's own {@link RedisScripts} calls), on plain Jedis connections (as many as the store's
 * client pool holds at most, 16).
 *
 * <p>Nothing is pipelined, because the store cannot pipeline either: each update carries the version read just
 * before it, and each step waits for the previous one's answer.
 */
final class RawRedis implements AutoCloseable {
    private static final long TIMEOUT_SECS = 1800;
    private final Pool<Jedis> pool;
    private final String keyPrefix;
    private final String createSha;
    private final String updateSha;

    RawRedis(String url, String keyPrefix, int connections) throws Exception {
        URI uri = URI.create(url);
        this.pool = new Pool<>(connections, () -> new Jedis(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()));
        this.keyPrefix = keyPrefix;
        this.createSha = pool.with(j -> j.scriptLoad(RedisScripts.source("create")));
        this.updateSha = pool.with(j -> j.scriptLoad(RedisScripts.source("update")));
    }

    void lifecycle(Lifecycle l) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Settlement settlement = Settlement.newPending(l.id(), l.intentId(), l.solverId(), l.userAddress(),
                Lifecycle.INPUT, Lifecycle.OUTPUT, now, now + TIMEOUT_SECS);
        RedisScripts.Call create = RedisScripts.create(keyPrefix, settlement, 10);
        String hash = create.keys().get(0); // create.lua's first key: the settlement's hash, which the manager reads
        Object created = pool.with(j -> j.evalsha(createSha, create.keys(), create.args()));
        if (!"OK".equals(created)) {
            throw new IllegalStateException("create.lua answered " + created);
        }
        for (Lifecycle.Step step : l.steps()) {
            long version = Long.parseLong(pool.with(j -> j.hgetAll(hash).get("version")));
            long at = System.currentTimeMillis() / 1000;
            settlement = next(settlement, l, step, at);
            StateTransition transition = new StateTransition(step.sequence(), step.from(), step.to(), at,
                    step.details(), step.txHash(), Lifecycle.ACTOR);
            RedisScripts.Call update = RedisScripts.update(keyPrefix, version, settlement, transition);
            Object outcome = pool.with(j -> j.evalsha(updateSha, update.keys(), update.args()));
            if (!(outcome instanceof List<?> list) || !"OK".equals(list.get(0))) {
                throw new IllegalStateException("update.lua answered " + outcome);
            }
        }
    }

    /** The record after {@code step}, as the manager makes it. */
    private static Settlement next(Settlement s, Lifecycle l, Lifecycle.Step step, long at) {
        return new Settlement(s.id(), s.intentId(), s.solverId(), s.userAddress(), s.inputAsset(), s.outputAsset(),
                step.to(), step.sequence() >= 1 ? l.escrowId() : null, step.sequence() >= 2 ? l.bondId() : null,
                step.sequence() >= 3 ? l.ibcSequence() : null, s.createdAt(), at, s.expiresAt(),
                step.to() == SettlementStatus.COMPLETE ? at : null, null, step.versionAfter());
    }


    @Override
    public void close() throws Exception {
        pool.close();
    }
}
