package dev.settlement.store.composite;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreContract;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on the composite bean over the Redis and PostgreSQL the test class's resources give; the other
 * instance is a second composite with its own Redis client and its own PostgreSQL pool and unit.
 */
abstract class CompositeStoreContract extends SettlementStoreContract {
    @Inject
    TestSides sides;

    @Override
    protected SettlementStore newStore() {
        sides.empty();
        return sides.composite();
    }

    @Override
    protected SettlementStore otherInstance() {
        return sides.peer();
    }

    @AfterEach
    void leaveNothingBehind() {
        sides.empty();
    }
}
