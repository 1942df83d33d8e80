package dev.settlement.api;

import java.util.Optional;

/** {@code memory}: an {@link InMemorySettlementStore} per process, for development and tests. */
public final class InMemoryBackend implements StoreBackend {
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public Optional<SettlementStore> standalone() {
        return Optional.of(new InMemorySettlementStore());
    }
}
