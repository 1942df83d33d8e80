package dev.settlement.store.composite;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.Asset;
import dev.settlement.api.NewSettlement;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementListener;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.testing.PostgresTestResource;
import dev.settlement.testing.RedisTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduled archiver runs on its own when the composite backend is selected, and only then. */
@QuarkusTest
@TestProfile(ArchiveJobTest.Composite.class)
class ArchiveJobTest {

    /** settlement.store=composite, an archiver run every second, moving a settlement as soon as it finished. */
    public static class Composite implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("settlement.store", "composite",
                    "settlement.composite.archive-interval", "1s",
                    "settlement.composite.archive-after", "0s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisTestResource.class),
                    new TestResourceEntry(PostgresTestResource.class, Map.of("hint", "composite_job")));
        }
    }

    @Inject
    TestSides sides;

    @AfterEach
    void leaveNothingBehind() {
        sides.empty();
    }

    @Test
    void aFinishedSettlementIsMovedByTheScheduledArchiver() throws Exception {
        sides.empty();
        SettlementManager manager = new SettlementManager(sides.composite(), new SettlementPolicy(1800, 10, 3600),
                Clock.systemUTC());
        Asset asset = new Asset("cosmoshub-4", "uatom", BigInteger.ONE);
        manager.create(new NewSettlement("job-1", "intent-1", null, "cosmos1user", asset, asset, null));
        manager.create(new NewSettlement("job-2", "intent-2", null, "cosmos1user", asset, asset, null));
        Settlement failed = manager.fail("job-1", "done", null, ACTOR);

        long deadline = System.currentTimeMillis() + 20_000;
        while (sides.hot().find("job-1").isPresent() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }

        assertThat(sides.hot().find("job-1")).as("moved out of Redis").isEmpty();
        assertThat(sides.archive().find("job-1")).contains(failed);
        assertThat(sides.composite().find("job-1")).contains(failed);
        assertThat(sides.hot().find("job-2")).as("active: stays").isPresent();
    }

    @Test
    void everyRunIsSkippedUnlessTheCompositeBackendIsSelected() {
        assertThat(new ArchiveJob.WhenNotComposite(Optional.of("composite")).test(null)).isFalse();
        assertThat(new ArchiveJob.WhenNotComposite(Optional.of("redis")).test(null)).isTrue();
        assertThat(new ArchiveJob.WhenNotComposite(Optional.empty()).test(null)).isTrue();
    }
}
