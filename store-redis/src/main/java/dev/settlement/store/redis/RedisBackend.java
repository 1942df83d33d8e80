package dev.settlement.store.redis;

import dev.settlement.api.StoreBackend;

/** {@code redis}: hashes and sorted-set indexes under one key prefix ({@link RedisSettlementStore}). */
public final class RedisBackend implements StoreBackend {
    public static final String NAME = "redis";

    @Override
    public String name() {
        return NAME;
    }
}
