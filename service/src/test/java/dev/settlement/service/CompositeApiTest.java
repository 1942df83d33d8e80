package dev.settlement.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(Profiles.Composite.class)
class CompositeApiTest extends SettlementApiContract {
}
