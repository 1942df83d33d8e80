package dev.settlement.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(Profiles.Redis.class)
class RedisApiTest extends SettlementApiContract {
}
