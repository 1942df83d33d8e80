package dev.settlement.store.redis;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The archiving operations the composite's archiver uses (claim, forget, tombstones, counts, the feed's trim), on a
 * Redis Cluster in cluster client mode: the same cases as {@link RedisArchivingTest}.
 */
@QuarkusTest
@TestProfile(RedisClusterProfile.Archiving.class)
class RedisClusterArchivingTest extends RedisArchivingTest {
}
