package dev.settlement.api;

import java.net.ConnectException;
import java.util.List;
import java.util.function.Supplier;

/**
 * A migration target that goes away after a given number of imported settlements: the import that would go beyond
 * throws {@link ErrorCode#STORE_UNAVAILABLE} and writes nothing, as an outage or a killed process would leave it.
 */
public final class InterruptingStore extends SettlementStoreDecorator {
    private final int importsBeforeFailure;
    private int imported;

    public InterruptingStore(SettlementStore delegate, int importsBeforeFailure) {
        super(delegate);
        this.importsBeforeFailure = importsBeforeFailure;
    }

    @Override
    protected <T> T around(String operation, Supplier<T> call) {
        return call.get();
    }

    @Override
    public synchronized List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch) {
        if (imported + batch.size() > importsBeforeFailure) {
            throw SettlementException.unavailable("target", new ConnectException("gone after " + imported + " imports"));
        }
        imported += batch.size();
        return super.importSettlements(batch);
    }
}
