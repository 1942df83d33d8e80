package dev.settlement.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySettlementStoreTest extends SettlementStoreContract {
    @Override
    protected SettlementStore newStore() {
        return new InMemorySettlementStore();
    }

    /**
     * The rules of a create are read from indexes: among 100,000 finished settlements of its solver (and as many
     * intents) a create looks at none of them, where a scan would look at every one. Counted, not timed.
     */
    @Test
    void aCreateExaminesNoneOfTheSolversFinishedSettlements() {
        InMemorySettlementStore memory = new InMemorySettlementStore();
        Asset one = new Asset("cosmoshub-4", "uatom", BigInteger.ONE);
        List<SettlementWithHistory> finished = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            Settlement pending = Settlement.newPending("done-" + i, "intent-" + i, "solver-1", "cosmos1user", one, one,
                    T0, T0 + 60);
            Settlement failed = new Settlement(pending.id(), pending.intentId(), pending.solverId(),
                    pending.userAddress(), one, one, SettlementStatus.FAILED, null, null, null, T0, T0 + 1, T0 + 60,
                    null, "gave up", 2);
            finished.add(new SettlementWithHistory(failed, List.of(new StateTransition(1, SettlementStatus.PENDING,
                    SettlementStatus.FAILED, T0 + 1, "gave up", null, StoreTestSupport.ACTOR))));
        }
        memory.importSettlements(finished);

        long before = memory.settlementsExamined();
        memory.create(Settlement.newPending("new", "intent-new", "solver-1", "cosmos1user", one, one, T0, T0 + 60),
                CAPACITY);
        memory.create(Settlement.newPending("again", "intent-5", "solver-1", "cosmos1user", one, one, T0, T0 + 60),
                CAPACITY);

        assertThat(memory.settlementsExamined() - before).isZero();
        assertThat(memory.find("again")).isPresent();
        assertThat(memory.countByStatus()).containsEntry(SettlementStatus.FAILED, 100_000L)
                .containsEntry(SettlementStatus.PENDING, 2L);
    }
}
