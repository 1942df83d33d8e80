package dev.settlement.service.sixth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.settlement.api.StoreBackend;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backend added as a module would add it (a descriptor and a store bean, both in this package) serves the whole
 * API with no change to the service: a profile of its name picks it, as {@code -Dquarkus.profile=postgres} does.
 */
@QuarkusTest
@TestProfile(SixthBackendTest.ItsProfile.class)
class SixthBackendTest {

    public static class ItsProfile implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return SixthBackend.NAME;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0", "settlement.auto-recovery.enabled", "false");
        }
    }

    @Inject
    @Identifier(SixthBackend.NAME)
    SixthSettlementStore sixth;

    @Test
    void theServiceFindsItAndServesFromIt() {
        assertThat(StoreBackend.names()).contains("sixth", "sqlite", "postgres", "redis", "composite", "memory");

        given().contentType("application/json")
                .body("""
                        {"id": "s-6", "intentId": "intent-6", "solverId": "solver-6", "userAddress": "cosmos1user",
                         "inputAsset": {"chainId": "cosmoshub-4", "denom": "uatom", "amount": "1"},
                         "outputAsset": {"chainId": "osmosis-1", "denom": "uosmo", "amount": "1"}}""")
                .post("/settlements")
                .then().statusCode(201);

        assertThat(sixth.find("s-6")).as("written to the sixth backend's store").isPresent();
        given().get("/settlements/s-6").then().statusCode(200).body("status", equalTo("PENDING"));
    }
}
