package dev.settlement.api;

import static dev.settlement.api.StoreTestSupport.ACTOR;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Settlements for migration tests, made by the real state machine on an in-memory store: every status, histories of
 * 0 to 4 transitions with and without tx hashes, intents retried after a failure, amounts up to Uint128's maximum,
 * several per second of creation time (so the (createdAt, id) order has ties). Seeded, so runs are repeatable.
 */
public final class MigrationTestData {
    public static final long T0 = 1_800_000_000L;

    private MigrationTestData() {
    }

    /** {@code count} settlements with ids {@code <prefix>-0 …}. */
    public static InMemorySettlementStore generate(String prefix, int count, long seed) {
        InMemorySettlementStore store = new InMemorySettlementStore();
        MutableClock clock = new MutableClock(T0);
        SettlementManager manager = new SettlementManager(store, new SettlementPolicy(1800, 1_000_000, 3600), clock);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(3) == 0) {
                clock.advance(1);
            }
            String id = prefix + "-" + i;
            // every tenth settlement retries the intent of the one before, which then must have finished
            String intent = i % 10 == 9 ? "intent-" + (i - 1) : "intent-" + i;
            if (i % 10 == 9) {
                Settlement previous = manager.get(prefix + "-" + (i - 1));
                if (previous.isActive()) {
                    manager.fail(previous.id(), "retried as " + id, null, StateTransition.SYSTEM);
                }
            }
            BigInteger amount = random.nextInt(50) == 0 ? Uint128.MAX : BigInteger.valueOf(random.nextInt(1_000_000));
            manager.create(new NewSettlement(id, intent, random.nextInt(8) == 0 ? null : "solver-" + random.nextInt(40),
                    "cosmos1user" + random.nextInt(100), new Asset("cosmoshub-4", "uatom", amount),
                    new Asset("osmosis-1", "ibc/27394FB0", BigInteger.valueOf(i)), null));
            walk(manager, id, random);
        }
        return store;
    }

    /** Moves a new settlement along a random part of its lifecycle. */
    private static void walk(SettlementManager manager, String id, Random random) {
        int steps = random.nextInt(5);
        List<SettlementEvent> path = List.of(
                new SettlementEvent.UserLocked("escrow-" + id, random.nextBoolean() ? "0xa" + id.hashCode() : null),
                new SettlementEvent.SolverLocked("bond-" + id, null),
                new SettlementEvent.IbcTransferStarted(Math.abs((long) id.hashCode()), "0xc" + id.length()));
        for (int step = 0; step < Math.min(steps, path.size()); step++) {
            manager.advance(id, path.get(step), null, ACTOR);
        }
        if (steps == 4) {
            switch (random.nextInt(4)) {
                case 0 -> manager.complete(id, new SettlementOutcome.Success(BigInteger.TEN, "0xdone"), null, ACTOR);
                case 1 -> manager.advance(id, new SettlementEvent.IbcTransferComplete(null), null, ACTOR);
                case 2 -> manager.fail(id, "solver vanished", null, ACTOR);
                default -> manager.complete(id, new SettlementOutcome.Timeout(), null, ACTOR);
            }
        } else if (random.nextInt(6) == 0) {
            manager.complete(id, new SettlementOutcome.Failure("no liquidity", random.nextBoolean()), null, ACTOR);
        }
    }

    /** Everything in {@code store}, in creation order. */
    public static List<SettlementWithHistory> contents(SettlementStore store) {
        List<Settlement> all = store.list(new SettlementQuery(null, null, null, null, 1_000_000, null)).items();
        Map<String, List<StateTransition>> histories = store.histories(all.stream().map(Settlement::id).toList());
        return all.stream().map(s -> new SettlementWithHistory(s, histories.get(s.id()))).toList();
    }
}
