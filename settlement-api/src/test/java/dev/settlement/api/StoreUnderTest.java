package dev.settlement.api;

/**
 * What the contract interfaces ({@link ChangeFeedContract}, {@link WebhookStoreContract}) need of the suite that
 * runs them: the store of the current test, a second instance on the same data, and a manager and clock over it.
 */
public interface StoreUnderTest {
    SettlementStore store();

    /** A second, independently built store on the same data (the same instance where a backend cannot build one). */
    SettlementStore secondInstance();

    SettlementManager manager();

    SettlementManager managerOn(SettlementStore store);

    MutableClock clock();
}
