package dev.settlement.api;

class InMemorySettlementStoreTest extends SettlementStoreContract {
    @Override
    protected SettlementStore newStore() {
        return new InMemorySettlementStore();
    }
}
