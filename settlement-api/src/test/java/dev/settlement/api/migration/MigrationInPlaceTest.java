package dev.settlement.api.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.ImportOutcome;
import dev.settlement.api.InMemorySettlementStore;
import dev.settlement.api.MigrationTestData;
import dev.settlement.api.Page;
import dev.settlement.api.PageCursor;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StateTransition;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.StuckQuery;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Comparator;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.webhook.WebhookStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The migration in place on in-memory stand-ins: a "database" that is both the source and the archive tier of a
 * two-tier target, and the opposite direction; what moves, the interruption between writing and removing, resume,
 * idempotence, refusal of a non-empty tier, verification of the union.
 */
class MigrationInPlaceTest {
    private static final int COUNT = 600;
    private static final String NAME = "db test";

    private final List<SettlementWithHistory> data = MigrationTestData.contents(MigrationTestData.generate("p", COUNT, 5));

    @Test
    void fromAPlainStoreIntoATieredOneOnItMovesOnlyTheActiveOnes() {
        Place db = new Place("db", data);
        Place hot = new Place("hot", List.of());
        Tiered target = new Tiered(hot, db);
        SettlementMigration migration = migration(db, target);
        assertThat(migration.sharedLocations()).containsExactly("db");

        MigrationReport report = migration.migrate(false);

        long active = data.stream().filter(s -> s.settlement().isActive()).count();
        assertThat(report.movedInPlace()).isTrue();
        assertThat(report.copied()).isEqualTo(active);
        assertThat(report.removed()).isEqualTo(active);
        assertThat(report.inPlace()).isEqualTo(COUNT - active);
        assertThat(hot.contents()).allMatch(s -> s.settlement().isActive()).hasSize((int) active);
        assertThat(db.contents()).noneMatch(s -> s.settlement().isActive()).hasSize(COUNT - (int) active);
        assertThat(MigrationTestData.contents(target)).isEqualTo(data);

        VerificationReport verification = migration(db, target).verify();
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.matches()).isTrue();
        assertThat(verification.sourceSettlements()).isEqualTo(COUNT);

        MigrationReport again = migration(db, target).migrate(false);
        assertThat(again.copied() + again.updated() + again.alreadyPresent() + again.removed()).isZero();
        assertThat(again.inPlace()).isEqualTo(COUNT - active);
        assertThat(migration(db, target).verify().matches()).isTrue();
    }

    @Test
    void fromATieredStoreIntoOneOfItsTiersEmptiesTheOther() {
        Place db = new Place("db", data.stream().filter(s -> !s.settlement().isActive()).toList());
        Place hot = new Place("hot", data.stream().filter(s -> s.settlement().isActive()).toList());
        Tiered source = new Tiered(hot, db);

        MigrationReport report = migration(source, db).migrate(false);

        long active = data.stream().filter(s -> s.settlement().isActive()).count();
        assertThat(report.copied()).isEqualTo(active);
        assertThat(report.removed()).isEqualTo(active);
        assertThat(report.inPlace()).isEqualTo(COUNT - active);
        assertThat(hot.contents()).isEmpty();
        assertThat(db.contents()).isEqualTo(data);
        assertThat(migration(source, db).verify().matches()).isTrue();
        MigrationReport again = migration(source, db).migrate(false);
        assertThat(again.inPlace()).isEqualTo(COUNT);
        assertThat(again.copied() + again.removed()).isZero();
    }

    @Test
    void anInterruptionBetweenWritingAndRemovingLosesNothingAndTheNextRunFinishes() {
        Place hot = new Place("hot", List.of());
        Place db = new Place("db", data);
        Place failing = new Place("db", null) {
            private int calls;

            @Override
            public int removeMoved(List<Settlement> moved) {
                if (++calls == 3) {
                    throw SettlementException.unavailable("test", new ConnectException("gone"));
                }
                return db.removeMoved(moved);
            }
        }.sharing(db);
        Tiered target = new Tiered(hot, db);

        assertThatThrownBy(() -> migration(failing, target).migrate(false)).isInstanceOf(SettlementException.class);
        MigrationCheckpoint checkpoint = MigrationCheckpoint.decode(target.migrationCheckpoint(NAME).orElseThrow());
        assertThat(checkpoint.done()).isEqualTo(128);
        // the third batch's active settlements are in both places: nothing is missing from the target's view
        assertThat(MigrationTestData.contents(target)).isEqualTo(data);

        MigrationReport resumed = migration(db, target).migrate(false);
        assertThat(resumed.resumedAfter()).isEqualTo(128);
        assertThat(resumed.alreadyPresent()).isPositive();
        assertThat(resumed.removed()).isEqualTo(resumed.copied() + resumed.alreadyPresent());
        assertThat(db.contents()).noneMatch(s -> s.settlement().isActive());
        assertThat(migration(db, target).verify().matches()).isTrue();
    }

    @Test
    void aTierTheSourceDoesNotShareMustBeEmpty() {
        Place db = new Place("db", data.subList(0, 100));
        Place hot = new Place("hot", data.subList(100, 101));

        assertThatThrownBy(() -> migration(db, new Tiered(hot, db)).migrate(false))
                .isInstanceOf(MigrationException.class)
                .hasMessage("the target's hot is not empty (1 settlements) and holds no checkpoint of a migration from "
                        + NAME + ": refusing to merge into it; migrate into an empty location");
    }

    @Test
    void aSettlementHeldTwiceWithTwoDifferentCopiesIsADifference() {
        SettlementWithHistory original = data.stream().filter(s -> s.settlement().isActive()).findFirst().orElseThrow();
        Settlement o = original.settlement();
        Settlement changed = new Settlement(o.id(), o.intentId(), o.solverId(), o.userAddress(), o.inputAsset(),
                o.outputAsset(), o.status(), o.escrowId(), o.solverBondId(), o.ibcPacketSequence(), o.createdAt(),
                o.updatedAt(), o.expiresAt(), o.completedAt(), "edited", o.version());
        List<SettlementWithHistory> rest = data.stream().filter(s -> s != original).toList();
        Place db = new Place("db", rest);
        Place hot = new Place("hot", List.of(new SettlementWithHistory(changed, original.history())));
        db.importSettlements(List.of(original));

        VerificationReport verification = migration(db, new Tiered(hot, db)).verify();

        assertThat(verification.matches()).isFalse();
        assertThat(verification.mismatches()).anyMatch(m -> m.startsWith("held in two locations, differently: "
                + original.id() + ": "));
    }

    @Test
    void theCheckpointNamesTheTier() {
        for (MigrationCheckpoint c : List.of(MigrationCheckpoint.running(64, new PageCursor(1_800_000_000L, "s-63"), 1),
                MigrationCheckpoint.running(0, null, 2), MigrationCheckpoint.running(5, new PageCursor(1, "x"), 0))) {
            assertThat(MigrationCheckpoint.decode(c.encode())).isEqualTo(c);
        }
        assertThat(MigrationCheckpoint.running(64, new PageCursor(7, "s-63"), 1).encode()).isEqualTo("running 64 7 s-63 tier 1");
        assertThatThrownBy(() -> MigrationCheckpoint.decode("complete 5 tier 1")).isInstanceOf(IllegalArgumentException.class);
    }

    private SettlementMigration migration(SettlementStore from, SettlementStore to) {
        return new SettlementMigration(from, to, NAME, 64, MigrationProgress.NONE);
    }

    /** A store at one location: an in-memory store, rebuilt without what is removed. */
    static class Place implements RelocatableStore {
        private final String location;
        private Place shared = this;
        private InMemorySettlementStore store = new InMemorySettlementStore();

        Place(String location, List<SettlementWithHistory> contents) {
            this.location = location;
            if (contents != null && !contents.isEmpty()) {
                store.importSettlements(contents);
            }
        }

        /** This object on the data of {@code other} (a second client of the same location). */
        Place sharing(Place other) {
            shared = other;
            return this;
        }

        private InMemorySettlementStore store() {
            return shared.store;
        }

        List<SettlementWithHistory> contents() {
            return MigrationTestData.contents(store());
        }

        int size() {
            return contents().size();
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public int removeMoved(List<Settlement> moved) {
            Set<String> ids = moved.stream().map(Settlement::id).collect(Collectors.toSet());
            List<SettlementWithHistory> kept = contents().stream().filter(s -> !ids.contains(s.id())).toList();
            int removed = contents().size() - kept.size();
            InMemorySettlementStore rebuilt = new InMemorySettlementStore();
            if (!kept.isEmpty()) {
                rebuilt.importSettlements(kept);
            }
            store().migrationCheckpoint(NAME).ifPresent(c -> rebuilt.saveMigrationCheckpoint(NAME, c));
            shared.store = rebuilt;
            return removed;
        }

        @Override
        public void create(Settlement settlement, int maxActivePerSolver) {
            store().create(settlement, maxActivePerSolver);
        }

        @Override
        public Optional<Settlement> find(String id) {
            return store().find(id);
        }

        @Override
        public Optional<Settlement> findNewestByIntent(String intentId) {
            return store().findNewestByIntent(intentId);
        }

        @Override
        public void update(long expectedVersion, Settlement updated, StateTransition transition) {
            store().update(expectedVersion, updated, transition);
        }

        @Override
        public List<StateTransition> history(String id) {
            return store().history(id);
        }

        @Override
        public Map<String, List<StateTransition>> histories(List<String> ids) {
            return store().histories(ids);
        }

        @Override
        public Page<Settlement> list(SettlementQuery query) {
            return store().list(query);
        }

        @Override
        public Page<Settlement> findStuck(StuckQuery query) {
            return store().findStuck(query);
        }

        @Override
        public Map<SettlementStatus, Long> countByStatus() {
            return store().countByStatus();
        }

        @Override
        public long countStuck(long before) {
            return store().countStuck(before);
        }

        @Override
        public Map<String, Long> activeBySolver() {
            return store().activeBySolver();
        }

        @Override
        public List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch) {
            return store().importSettlements(batch);
        }

        @Override
        public Optional<String> migrationCheckpoint(String migration) {
            return store().migrationCheckpoint(migration);
        }

        @Override
        public void saveMigrationCheckpoint(String migration, String checkpoint) {
            store().saveMigrationCheckpoint(migration, checkpoint);
        }

        @Override
        public EventPage events(EventQuery query) {
            return store().events(query);
        }

        @Override
        public long latestEventSequence() {
            return store().latestEventSequence();
        }

        @Override
        public long pruneEvents(long before) {
            return store().pruneEvents(before);
        }

        @Override
        public void importEvents(List<ChangeEvent> events) {
            store().importEvents(events);
        }

        @Override
        public WebhookStore webhooks() {
            return store().webhooks();
        }

        @Override
        public StoreHealth health() {
            return StoreHealth.up(Map.of("location", location));
        }
    }

    /** Two tiers: active settlements in {@code hot}, finished ones in {@code archive}; reads see both, hot first. */
    static final class Tiered extends Place implements TieredStore {
        private final Place hot;
        private final Place archive;

        Tiered(Place hot, Place archive) {
            super("tiered", List.of());
            this.hot = hot;
            this.archive = archive;
        }

        @Override
        public List<RelocatableStore> tiers() {
            return List.of(hot, archive);
        }

        @Override
        public RelocatableStore tierFor(Settlement settlement) {
            return settlement.isActive() ? hot : archive;
        }

        /** A snapshot of both tiers, each settlement once (the hot tier's copy first). */
        private InMemorySettlementStore view() {
            List<SettlementWithHistory> all = new ArrayList<>(hot.contents());
            Set<String> seen = all.stream().map(SettlementWithHistory::id).collect(Collectors.toSet());
            archive.contents().stream().filter(s -> !seen.contains(s.id())).forEach(all::add);
            all.sort(Comparator.comparing(SettlementWithHistory::settlement, Settlement.BY_CREATION));
            InMemorySettlementStore view = new InMemorySettlementStore();
            if (!all.isEmpty()) {
                view.importSettlements(all);
            }
            return view;
        }

        @Override
        public Page<Settlement> list(SettlementQuery query) {
            return view().list(query);
        }

        @Override
        public Map<String, List<StateTransition>> histories(List<String> ids) {
            return view().histories(ids);
        }

        @Override
        public Map<SettlementStatus, Long> countByStatus() {
            return view().countByStatus();
        }

        @Override
        public Optional<Settlement> find(String id) {
            return view().find(id);
        }

        @Override
        public List<StateTransition> history(String id) {
            return view().history(id);
        }

        @Override
        public List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch) {
            return batch.stream().map(s -> ((Place) tierFor(s.settlement())).importSettlements(List.of(s)).get(0))
                    .toList();
        }

        @Override
        public Optional<String> migrationCheckpoint(String migration) {
            return archive.migrationCheckpoint(migration);
        }

        @Override
        public void saveMigrationCheckpoint(String migration, String checkpoint) {
            archive.saveMigrationCheckpoint(migration, checkpoint);
        }
    }
}
