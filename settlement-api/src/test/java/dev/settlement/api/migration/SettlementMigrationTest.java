package dev.settlement.api.migration;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.InMemorySettlementStore;
import dev.settlement.api.InterruptingStore;
import dev.settlement.api.MigrationTestData;
import dev.settlement.api.MutableClock;
import dev.settlement.api.NewSettlement;
import dev.settlement.api.PageCursor;
import dev.settlement.api.SettlementEvent;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StoreTestSupport;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The migration on in-memory stores on both sides: copy, resume, idempotence, refusal, verification, progress. */
class SettlementMigrationTest {
    private static final int COUNT = 1000;
    private static final String NAME = "memory test-source";

    private final InMemorySettlementStore source = MigrationTestData.generate("s", COUNT, 42);
    private final InMemorySettlementStore target = new InMemorySettlementStore();

    @Test
    void copiesEverySettlementWithItsHistoryAndVerificationAgrees() {
        MigrationReport report = migration(target, 64).migrate(false);

        assertThat(report.copied()).isEqualTo(COUNT);
        assertThat(report.updated() + report.alreadyPresent() + report.resumedAfter()).isZero();
        assertThat(MigrationTestData.contents(target)).isEqualTo(MigrationTestData.contents(source));
        VerificationReport verification = migration(target, 64).verify();
        assertThat(verification.matches()).isTrue();
        assertThat(verification.sourceSettlements()).isEqualTo(COUNT).isEqualTo(verification.targetSettlements());
        assertThat(verification.sourceChecksum()).hasSize(64).isEqualTo(verification.targetChecksum());
        assertThat(verification.sourceCounts()).isEqualTo(verification.targetCounts()).hasSize(7);
        assertThat(target.migrationCheckpoint(NAME)).contains("complete " + COUNT);
    }

    @Test
    void theChangeFeedIsCopiedWithItsSequencesOnceAndAfterWhatRetentionRemoved() {
        List<ChangeEvent> feed = source.events(EventQuery.after(0, 1000)).items();
        long total = source.latestEventSequence();
        assertThat(total).isGreaterThan(COUNT);

        MigrationReport report = migration(target, 64).migrate(false);
        assertThat(report.eventsCopied()).isEqualTo(total);
        assertThat(target.events(EventQuery.after(0, 1000)).items()).isEqualTo(feed);
        assertThat(target.latestEventSequence()).isEqualTo(total);
        assertThat(migration(target, 64).migrate(false).eventsCopied()).isZero();

        // a source whose retention removed its oldest events: the copy starts after them
        InMemorySettlementStore pruned = MigrationTestData.generate("p", 50, 7);
        assertThat(pruned.pruneEvents(Long.MAX_VALUE)).isPositive();
        new SettlementManager(pruned, new SettlementPolicy(1800, 10, 3600), new MutableClock(MigrationTestData.T0))
                .create(StoreTestSupport.request("late", "intent-late", null));
        InMemorySettlementStore elsewhere = new InMemorySettlementStore();
        MigrationReport fromPruned = new SettlementMigration(pruned, elsewhere, NAME, 64, MigrationProgress.NONE)
                .migrate(false);
        assertThat(fromPruned.eventsCopied()).isEqualTo(1);
        assertThat(elsewhere.events(EventQuery.after(0, 10)).items()).extracting(ChangeEvent::settlementId)
                .containsExactly("late");
        assertThat(elsewhere.latestEventSequence()).isEqualTo(pruned.latestEventSequence());
    }

    @Test
    void theDataSetHasEveryStatusAndHistoriesOfEveryLength() {
        assertThat(source.countByStatus()).hasSize(SettlementStatus.values().length);
        assertThat(MigrationTestData.contents(source).stream().map(s -> s.history().size()).distinct())
                .contains(0, 1, 2, 3, 4);
    }

    @Test
    void aSecondRunWritesNothing() {
        migration(target, 100).migrate(false);
        MigrationReport again = migration(target, 100).migrate(false);

        assertThat(again.alreadyPresent()).isEqualTo(COUNT);
        assertThat(again.copied() + again.updated()).isZero();
    }

    @Test
    void anInterruptedRunIsResumedAfterTheLastCommittedBatch() {
        // 4 batches of 64 go through, the fifth meets the outage
        assertThatThrownBy(() -> migration(new InterruptingStore(target, 300), 64).migrate(false))
                .isInstanceOf(SettlementException.class)
                .extracting(e -> ((SettlementException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(MigrationCheckpoint.decode(target.migrationCheckpoint(NAME).orElseThrow()).done()).isEqualTo(256);
        assertThat(total(target)).isEqualTo(256);

        MigrationReport resumed = migration(target, 64).migrate(false);

        assertThat(resumed.resumedAfter()).isEqualTo(256);
        assertThat(resumed.copied()).isEqualTo(COUNT - 256);
        assertThat(resumed.alreadyPresent()).isZero();
        assertThat(migration(target, 64).verify().matches()).isTrue();
    }

    @Test
    void goingOverEverythingAgainAfterAnInterruptionIsCorrectToo() {
        assertThatThrownBy(() -> migration(new InterruptingStore(target, 500), 100).migrate(false))
                .isInstanceOf(SettlementException.class);

        MigrationReport restarted = migration(target, 100).migrate(true);

        assertThat(restarted.resumedAfter()).isZero();
        assertThat(restarted.alreadyPresent()).isEqualTo(500);
        assertThat(restarted.copied()).isEqualTo(COUNT - 500);
        assertThat(migration(target, 100).verify().matches()).isTrue();
    }

    @Test
    void aRunAfterTheSourceMovedOnUpdatesWhatChanged() {
        migration(target, 128).migrate(false);
        SettlementManager onSource = new SettlementManager(source, new SettlementPolicy(1800, 1_000_000, 3600),
                new MutableClock(MigrationTestData.T0 + 10_000));
        onSource.fail("s-0", "changed after the first run", null, ACTOR);
        onSource.create(StoreTestSupport.request("late", "intent-late", null));
        assertThat(migration(target, 128).verify().mismatchCount()).isEqualTo(2);

        MigrationReport again = migration(target, 128).migrate(false);

        assertThat(again.updated()).isEqualTo(1);
        assertThat(again.copied()).isEqualTo(1);
        assertThat(again.alreadyPresent()).isEqualTo(COUNT - 1);
        assertThat(migration(target, 128).verify().matches()).isTrue();
    }

    @Test
    void aTargetWithSettlementsOfItsOwnIsRefused() {
        new SettlementManager(target, SettlementPolicy.DEFAULTS, new MutableClock(MigrationTestData.T0))
                .create(StoreTestSupport.request("mine", "intent-mine", null));

        assertThatThrownBy(() -> migration(target, 100).migrate(false)).isInstanceOf(MigrationException.class)
                .hasMessageContaining("not empty (1 settlements)").hasMessageContaining(NAME);
        assertThat(total(target)).isEqualTo(1);
    }

    @Test
    void verificationReportsEachDifferenceByIdAndTheChecksumsDiffer() {
        migration(target, 100).migrate(false);
        SettlementManager onTarget = new SettlementManager(target, new SettlementPolicy(1800, 1_000_000, 3600),
                new MutableClock(MigrationTestData.T0 + 10_000));
        String active = MigrationTestData.contents(target).stream().filter(s -> s.settlement().isActive()
                && s.settlement().status() == SettlementStatus.PENDING).findFirst().orElseThrow().id();
        onTarget.advance(active, new SettlementEvent.UserLocked("e-x", null), null, ACTOR);
        onTarget.create(new NewSettlement("only-target", "intent-t", null, "u", StoreTestSupport.asset("1"),
                StoreTestSupport.asset("1"), null));

        VerificationReport verification = migration(target, 100).verify();

        assertThat(verification.matches()).isFalse();
        assertThat(verification.mismatchCount()).isEqualTo(2);
        assertThat(verification.mismatches()).containsExactly(
                active + ": status is PENDING in the source, USER_LOCKED in the target",
                "only-target: in the target only");
        assertThat(verification.sourceChecksum()).isNotEqualTo(verification.targetChecksum());
        assertThat(verification.targetSettlements()).isEqualTo(COUNT + 1);
    }

    @Test
    void checkpointsRoundTrip() {
        for (MigrationCheckpoint c : new MigrationCheckpoint[]{MigrationCheckpoint.start(),
                MigrationCheckpoint.running(64, new PageCursor(1_800_000_000L, "s-63")),
                MigrationCheckpoint.completed(1000)}) {
            assertThat(MigrationCheckpoint.decode(c.encode())).isEqualTo(c);
        }
        assertThatThrownBy(() -> MigrationCheckpoint.decode("half 1")).isInstanceOf(IllegalArgumentException.class);
    }

    private SettlementMigration migration(dev.settlement.api.SettlementStore to, int batchSize) {
        return new SettlementMigration(source, to, NAME, batchSize, MigrationProgress.NONE);
    }

    private static long total(InMemorySettlementStore store) {
        return store.countByStatus().values().stream().mapToLong(Long::longValue).sum();
    }
}
