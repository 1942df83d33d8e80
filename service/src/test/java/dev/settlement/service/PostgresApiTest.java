package dev.settlement.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(Profiles.Postgres.class)
class PostgresApiTest extends SettlementApiContract {
}
