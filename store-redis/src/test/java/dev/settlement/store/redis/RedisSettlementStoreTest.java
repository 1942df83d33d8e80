package dev.settlement.store.redis;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The store contract on a real Redis (test-support's, under a key prefix of this class): the bean the service would
 * select, and as the "other instance" a store on a second, independent Redis client with the same key prefix.
 */
@QuarkusTest
@TestProfile(RedisTestProfile.Contract.class)
class RedisSettlementStoreTest extends RedisStoreContract {
}
