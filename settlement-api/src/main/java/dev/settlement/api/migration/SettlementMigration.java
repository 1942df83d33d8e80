package dev.settlement.api.migration;

import dev.settlement.api.ImportOutcome;
import dev.settlement.api.PageCursor;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StateTransition;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.feed.EventsExpiredException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies every settlement with its whole history from one store to another, then proves both hold the same.
 *
 * <p>{@link #migrate()} streams the source in creation order ({@code createdAt}, then id) in batches of
 * {@code batchSize}: a keyset page, the histories of its settlements in one call, one
 * {@link SettlementStore#importSettlements import} into the target. Memory stays at one batch whatever the volume.
 * After each batch the position reached is saved in the target as a {@link MigrationCheckpoint}, so a run that was
 * interrupted continues after the last batch it committed. The checkpoint is only a shortcut: imports are
 * idempotent, so going over settlements again (a lost checkpoint, {@code restart}) writes nothing twice, and a run
 * after a complete one goes over everything again and writes only what changed in the source since.
 *
 * <p>A target must be empty, or hold a checkpoint of this same migration (an earlier run): merging into a store that
 * has settlements of its own is refused, since the rules on active settlements were only ever checked on each side
 * alone.
 *
 * <p><b>In place.</b> When the source and the target share a location ({@link RelocatableStore#location()}: the
 * same PostgreSQL database, or the same Redis server and key prefix; a {@link TieredStore} has one per tier), copying
 * everything would meet the shared data in the target and be refused. Instead {@link #migrate} then reads the
 * source tier by tier and leaves every settlement that the target keeps where it already is; each other one is
 * written to the target tier that keeps it ({@link RelocatableStore#importMoved}) and only then removed from where it
 * was ({@link RelocatableStore#removeMoved}, if still at the version written). An interruption between the two steps
 * leaves it in both places, never in none; the next run finds it written already and removes the old copy. Target
 * tiers the source does not share must be empty (or hold this migration's checkpoint), as any target must.
 *
 * <p>Then the change feed: the events the target lacks are copied with their sequences (both ways of migrating), so
 * its consumers go on from where they were.
 *
 * <p>{@link #verify()} reads both stores in creation order side by side and compares everything. After a migration
 * in place, what the source held is split between its own locations and the target's others (e.g. postgres to
 * composite: finished settlements still in the database, active ones now in Redis): the source side of the
 * comparison is then the union of the source and those target tiers, each settlement once, a settlement held twice
 * (interrupted between writing and removing) counted as a difference if its two copies differ.
 */
public final class SettlementMigration {
    /** Differences a verification reports by id; the rest are only counted. */
    static final int MISMATCHES_SHOWN = 10;
    /** How often a settlement changed while it was read (record and history out of step) is read again. */
    private static final int READ_ATTEMPTS = 3;

    private final SettlementStore source;
    private final SettlementStore target;
    private final String name;
    private final int batchSize;
    private final MigrationProgress progress;
    private List<String> shared;

    /**
     * @param name      names this migration (its source) in the target's checkpoints, e.g. "sqlite /data/s.db"
     * @param batchSize settlements per batch: per source page, history read and target import
     */
    public SettlementMigration(SettlementStore source, SettlementStore target, String name, int batchSize,
                               MigrationProgress progress) {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch size must be between 1 and 10000, not " + batchSize);
        }
        this.source = source;
        this.target = target;
        this.name = name;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    /**
     * Copies what the target lacks or holds in an older version; with {@code restart}, from the start whatever the
     * checkpoint says. Throws {@link MigrationException} for a target it must not write to, and the stores'
     * {@link dev.settlement.api.SettlementException}s as they come; the checkpoint then marks the last batch done.
     */
    public MigrationReport migrate(boolean restart) {
        if (!sharedLocations().isEmpty()) {
            return migrateInPlace(restart);
        }
        long started = System.nanoTime();
        Optional<MigrationCheckpoint> saved = target.migrationCheckpoint(name).map(MigrationCheckpoint::decode);
        if (saved.isEmpty()) {
            long present = total(target.countByStatus());
            if (present > 0) {
                throw new MigrationException("the target is not empty (" + present + " settlements) and holds no "
                        + "checkpoint of a migration from " + name + ": refusing to merge into it; migrate into an "
                        + "empty backend");
            }
        }
        MigrationCheckpoint from = saved.filter(c -> !restart && !c.complete()).orElse(MigrationCheckpoint.start());
        target.saveMigrationCheckpoint(name, from.encode());

        long total = total(source.countByStatus());
        long done = from.done();
        long[] outcomes = new long[ImportOutcome.values().length];
        progress.phase("copy", total, done);
        try {
            Batches batches = new Batches(source, from.after(), true);
            for (List<SettlementWithHistory> batch = batches.next(); !batch.isEmpty(); batch = batches.next()) {
                for (ImportOutcome outcome : target.importSettlements(batch)) {
                    outcomes[outcome.ordinal()]++;
                }
                done += batch.size();
                target.saveMigrationCheckpoint(name, MigrationCheckpoint.running(done, batches.position()).encode());
                progress.advanced(done);
            }
        } finally {
            progress.finished();
        }
        long events = copyEvents();
        target.saveMigrationCheckpoint(name, MigrationCheckpoint.completed(done).encode());
        return new MigrationReport(outcomes[ImportOutcome.COPIED.ordinal()], outcomes[ImportOutcome.UPDATED.ordinal()],
                outcomes[ImportOutcome.ALREADY_PRESENT.ordinal()], from.done(),
                Duration.ofNanos(System.nanoTime() - started), events);
    }

    /**
     * The locations the source and the target share ({@link RelocatableStore#location()}), asked of the servers once;
     * empty when they share none (or a side cannot tell), and the migration then copies.
     */
    public List<String> sharedLocations() {
        if (shared == null) {
            List<String> sourceLocations = locations(tiers(source));
            List<String> found = new ArrayList<>();
            for (String location : locations(tiers(target))) {
                if (sourceLocations.contains(location)) {
                    found.add(location);
                }
            }
            shared = List.copyOf(found);
        }
        return shared;
    }

    /**
     * The migration in place (see the class comment): each source tier in creation order, batch by batch; the
     * settlements the target keeps elsewhere are written there, then removed here; a checkpoint after each batch.
     */
    private MigrationReport migrateInPlace(boolean restart) {
        long started = System.nanoTime();
        // the tiers the target shares first: what moves out of the others into them is then not met again there
        List<RelocatableStore> sourceTiers = new ArrayList<>(tiers(source));
        List<String> targetLocations = locations(tiers(target));
        sourceTiers.sort(java.util.Comparator.comparing(tier -> !targetLocations.contains(tier.location())));
        Optional<MigrationCheckpoint> saved = target.migrationCheckpoint(name).map(MigrationCheckpoint::decode);
        if (saved.isEmpty()) {
            for (RelocatableStore tier : targetTiersOutsideSource()) {
                long present = total(tier.countByStatus());
                if (present > 0) {
                    throw new MigrationException("the target's " + tier.location() + " is not empty (" + present
                            + " settlements) and holds no checkpoint of a migration from " + name + ": refusing to "
                            + "merge into it; migrate into an empty location");
                }
            }
        }
        MigrationCheckpoint from = saved.filter(c -> !restart && !c.complete()).orElse(MigrationCheckpoint.start());
        target.saveMigrationCheckpoint(name, from.encode());

        long total = 0;
        for (RelocatableStore tier : sourceTiers) {
            total += total(tier.countByStatus());
        }
        long done = from.done();
        long[] outcomes = new long[ImportOutcome.values().length];
        long inPlace = 0;
        long removed = 0;
        progress.phase("move", Math.max(total, done), done);
        try {
            for (int t = from.tier(); t < sourceTiers.size(); t++) {
                RelocatableStore here = sourceTiers.get(t);
                String location = here.location();
                Batches batches = new Batches(here, t == from.tier() ? from.after() : null, true);
                for (List<Settlement> page = batches.nextPage(); !page.isEmpty(); page = batches.nextPage()) {
                    Map<RelocatableStore, List<Settlement>> moving = new LinkedHashMap<>();
                    for (Settlement s : page) {
                        RelocatableStore destination = destination(s);
                        if (destination.location().equals(location)) {
                            inPlace++;
                        } else {
                            moving.computeIfAbsent(destination, d -> new ArrayList<>()).add(s);
                        }
                    }
                    for (Map.Entry<RelocatableStore, List<Settlement>> move : moving.entrySet()) {
                        List<SettlementWithHistory> batch = batches.withHistories(move.getValue());
                        for (ImportOutcome outcome : move.getKey().importMoved(batch)) {
                            outcomes[outcome.ordinal()]++;
                        }
                        // written there first: only now the copy here goes
                        removed += here.removeMoved(batch.stream().map(SettlementWithHistory::settlement).toList());
                    }
                    done += page.size();
                    target.saveMigrationCheckpoint(name,
                            MigrationCheckpoint.running(done, batches.position(), t).encode());
                    progress.advanced(done);
                }
            }
        } finally {
            progress.finished();
        }
        long events = copyEvents();
        target.saveMigrationCheckpoint(name, MigrationCheckpoint.completed(done).encode());
        return new MigrationReport(outcomes[ImportOutcome.COPIED.ordinal()], outcomes[ImportOutcome.UPDATED.ordinal()],
                outcomes[ImportOutcome.ALREADY_PRESENT.ordinal()], inPlace, removed, true, from.done(),
                Duration.ofNanos(System.nanoTime() - started), events);
    }

    /**
     * Copies the change feed's events the target does not have yet (above its latest), with their sequences, so a
     * consumer goes on from the sequence it had reached. Resumable by nature: a second run starts where the target is.
     * Events the source's retention already removed cannot be copied; the copy starts after them.
     */
    private long copyEvents() {
        long after = target.latestEventSequence();
        long copied = 0;
        progress.phase("events", Math.max(0, source.latestEventSequence() - after), 0);
        try {
            while (true) {
                EventPage page;
                try {
                    page = source.events(EventQuery.after(after, batchSize));
                } catch (EventsExpiredException e) {
                    after = e.prunedThrough();
                    continue;
                }
                if (page.items().isEmpty()) {
                    return copied;
                }
                target.importEvents(page.items());
                copied += page.items().size();
                after = page.nextAfter();
                progress.advanced(copied);
            }
        } finally {
            progress.finished();
        }
    }

    /** The target tier (or the target itself) that keeps {@code s}. */
    private RelocatableStore destination(Settlement s) {
        if (target instanceof TieredStore tiered) {
            return tiered.tierFor(s);
        }
        return (RelocatableStore) target;
    }

    /** The target's tiers at locations the source does not have: they receive what moves, so they start empty. */
    private List<RelocatableStore> targetTiersOutsideSource() {
        List<String> sourceLocations = locations(tiers(source));
        return tiers(target).stream().filter(tier -> !sourceLocations.contains(tier.location())).toList();
    }

    /** A store's tiers: its own for a {@link TieredStore}, itself for a {@link RelocatableStore}, else none. */
    static List<RelocatableStore> tiers(SettlementStore store) {
        if (store instanceof TieredStore tiered) {
            return tiered.tiers();
        }
        if (store instanceof RelocatableStore relocatable) {
            return List.of(relocatable);
        }
        return List.of();
    }

    private static List<String> locations(List<RelocatableStore> tiers) {
        return tiers.stream().map(RelocatableStore::location).toList();
    }

    /** Compares both stores completely; reads only. */
    public VerificationReport verify() {
        // the stores' own counts (their indexes) must agree with their content; a union of several stores is counted
        // as it is read, a settlement held twice once
        Map<SettlementStatus, Long> walkedSourceCounts = new EnumMap<>(SettlementStatus.class);
        Map<SettlementStatus, Long> targetCounts = nonZero(target.countByStatus());
        MessageDigest sourceDigest = sha256();
        MessageDigest targetDigest = sha256();
        List<String> shown = new ArrayList<>();
        long mismatches = 0;
        long sourceSeen = 0;
        long targetSeen = 0;
        List<Reader> sourceParts = new ArrayList<>();
        sourceParts.add(new Side(new Batches(source, null, false)));
        long expected = total(source.countByStatus());
        if (!sharedLocations().isEmpty()) {
            for (RelocatableStore tier : targetTiersOutsideSource()) {
                sourceParts.add(new Side(new Batches(tier, null, false)));
                expected += total(tier.countByStatus());
            }
        }
        Map<SettlementStatus, Long> sourceCounts = sourceParts.size() == 1 ? nonZero(source.countByStatus())
                : walkedSourceCounts;
        Union left = new Union(sourceParts);
        Reader right = new Side(new Batches(target, null, false));
        progress.phase("verify", expected, 0);
        try {
            while (left.peek() != null || right.peek() != null) {
                SettlementWithHistory s = left.peek();
                SettlementWithHistory t = right.peek();
                int order = s == null ? 1 : t == null ? -1 : Settlement.BY_CREATION.compare(s.settlement(), t.settlement());
                String difference;
                if (order < 0) {
                    difference = s.id() + ": missing in the target";
                } else if (order > 0) {
                    difference = t.id() + ": in the target only";
                } else {
                    difference = difference(s, t);
                }
                if (order <= 0) {
                    SettlementWithHistory taken = left.take();
                    CanonicalForm.update(sourceDigest, taken);
                    walkedSourceCounts.merge(taken.settlement().status(), 1L, Long::sum);
                    sourceSeen++;
                }
                if (order >= 0) {
                    SettlementWithHistory taken = right.take();
                    CanonicalForm.update(targetDigest, taken);
                    targetSeen++;
                }
                if (difference == null && !left.conflicts.isEmpty()) {
                    difference = left.conflicts.remove(0);
                }
                while (!left.conflicts.isEmpty()) {
                    mismatches++;
                    String conflict = left.conflicts.remove(0);
                    if (shown.size() < MISMATCHES_SHOWN) {
                        shown.add(conflict);
                    }
                }
                if (difference != null) {
                    mismatches++;
                    if (shown.size() < MISMATCHES_SHOWN) {
                        shown.add(difference);
                    }
                }
                progress.advanced(Math.max(sourceSeen, targetSeen));
            }
        } finally {
            progress.finished();
        }
        return new VerificationReport(sourceSeen, targetSeen, sourceCounts, targetCounts,
                HexFormat.of().formatHex(sourceDigest.digest()), HexFormat.of().formatHex(targetDigest.digest()),
                mismatches, shown);
    }

    /** The first difference between two versions of one settlement, or null when there is none. */
    static String difference(SettlementWithHistory source, SettlementWithHistory target) {
        String field = firstDifference(CanonicalForm.fields(source.settlement()),
                CanonicalForm.fields(target.settlement()));
        if (field != null) {
            return source.id() + ": " + field;
        }
        List<StateTransition> a = source.history();
        List<StateTransition> b = target.history();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String inTransition = firstDifference(CanonicalForm.fields(a.get(i)), CanonicalForm.fields(b.get(i)));
            if (inTransition != null) {
                return source.id() + ": transition " + (i + 1) + ": " + inTransition;
            }
        }
        return a.size() == b.size() ? null
                : source.id() + ": history has " + a.size() + " transitions in the source, " + b.size() + " in the target";
    }

    private static String firstDifference(Map<String, Object> source, Map<String, Object> target) {
        for (Map.Entry<String, Object> field : source.entrySet()) {
            Object other = target.get(field.getKey());
            if (!Objects.equals(field.getValue(), other)) {
                return field.getKey() + " is " + field.getValue() + " in the source, " + other + " in the target";
            }
        }
        return null;
    }

    private static long total(Map<SettlementStatus, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Counts without the statuses at zero: stores may or may not list those. */
    private static Map<SettlementStatus, Long> nonZero(Map<SettlementStatus, Long> counts) {
        Map<SettlementStatus, Long> result = new EnumMap<>(SettlementStatus.class);
        counts.forEach((status, n) -> {
            if (n != 0) {
                result.put(status, n);
            }
        });
        return result;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A store read in creation order, one batch of settlements with their histories at a time. */
    private final class Batches {
        private final SettlementStore store;
        private final boolean forCopy;
        private PageCursor after;
        private boolean exhausted;

        /**
         * @param forCopy a settlement whose record and history disagree is read again, and refused if it keeps
         *                disagreeing; otherwise (verification) it is taken as read, and reported as a difference
         */
        Batches(SettlementStore store, PageCursor after, boolean forCopy) {
            this.store = store;
            this.after = after;
            this.forCopy = forCopy;
        }

        /** The next batch; empty at the end. */
        List<SettlementWithHistory> next() {
            return withHistories(nextPage());
        }

        /** The settlements of the next batch, without their histories; empty at the end. */
        List<Settlement> nextPage() {
            if (exhausted) {
                return List.of();
            }
            var page = store.list(new SettlementQuery(null, null, null, null, batchSize, after));
            exhausted = page.next() == null;
            if (page.items().isEmpty()) {
                return List.of();
            }
            Settlement last = page.items().get(page.items().size() - 1);
            after = new PageCursor(last.createdAt(), last.id());
            return page.items();
        }

        /** The settlements with their histories, in one call. */
        List<SettlementWithHistory> withHistories(List<Settlement> settlements) {
            if (settlements.isEmpty()) {
                return List.of();
            }
            List<String> ids = settlements.stream().map(Settlement::id).toList();
            Map<String, List<StateTransition>> histories = store.histories(ids);
            List<SettlementWithHistory> batch = new ArrayList<>(ids.size());
            for (Settlement s : settlements) {
                SettlementWithHistory item = new SettlementWithHistory(s, histories.getOrDefault(s.id(), List.of()));
                batch.add(item.isConsistent() || !forCopy ? item : readAgain(store, s.id()));
            }
            return batch;
        }

        /** Where the last batch returned ends. */
        PageCursor position() {
            return after;
        }
    }

    /**
     * A settlement whose record and history disagree was changed between the two reads: read it again. One that
     * keeps changing means writers are at work, which a migration must not run beside.
     */
    private static SettlementWithHistory readAgain(SettlementStore store, String id) {
        for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
            Optional<Settlement> s = store.find(id);
            if (s.isPresent()) {
                SettlementWithHistory item = new SettlementWithHistory(s.get(), store.history(id));
                if (item.isConsistent()) {
                    return item;
                }
            }
        }
        throw new MigrationException("settlement '" + id + "' keeps changing (or its history does not match its "
                + "version) while it is read: stop every writer of the source before migrating");
    }

    /** A stream of settlements in creation order, one looked at ahead. */
    private interface Reader {
        SettlementWithHistory peek();

        SettlementWithHistory take();
    }

    /**
     * Several streams merged in creation order, each settlement once: when more than one holds it, the first one's
     * copy is taken, and a copy that differs from it is noted in {@link #conflicts}.
     */
    private static final class Union implements Reader {
        private final List<Reader> parts;
        final List<String> conflicts = new ArrayList<>();

        Union(List<Reader> parts) {
            this.parts = parts;
        }

        @Override
        public SettlementWithHistory peek() {
            SettlementWithHistory first = null;
            for (Reader part : parts) {
                SettlementWithHistory next = part.peek();
                if (next != null && (first == null
                        || Settlement.BY_CREATION.compare(next.settlement(), first.settlement()) < 0)) {
                    first = next;
                }
            }
            return first;
        }

        @Override
        public SettlementWithHistory take() {
            SettlementWithHistory first = peek();
            if (first == null) {
                return null;
            }
            SettlementWithHistory taken = null;
            for (Reader part : parts) {
                SettlementWithHistory next = part.peek();
                if (next != null && Settlement.BY_CREATION.compare(next.settlement(), first.settlement()) == 0) {
                    part.take();
                    if (taken == null) {
                        taken = next;
                    } else {
                        String difference = difference(taken, next);
                        if (difference != null) {
                            conflicts.add("held in two locations, differently: " + difference);
                        }
                    }
                }
            }
            return taken;
        }
    }

    /** One side of a verification, with one settlement looked at ahead. */
    private static final class Side implements Reader {
        private final Batches batches;
        private final Deque<SettlementWithHistory> buffer = new ArrayDeque<>();

        Side(Batches batches) {
            this.batches = batches;
        }

        @Override
        public SettlementWithHistory peek() {
            if (buffer.isEmpty()) {
                buffer.addAll(batches.next());
            }
            return buffer.peekFirst();
        }

        @Override
        public SettlementWithHistory take() {
            peek();
            return buffer.pollFirst();
        }
    }
}
