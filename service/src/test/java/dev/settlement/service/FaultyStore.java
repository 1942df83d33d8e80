package dev.settlement.service;

import dev.settlement.api.InMemorySettlementStore;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementStoreDecorator;
import dev.settlement.api.StoreBackend;
import dev.settlement.api.StoreHealth;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.util.function.Supplier;

/**
 * A backend that can be switched off, to check how the service behaves while its store is unreachable
 * (503 STORE_UNAVAILABLE, readiness DOWN) and that it recovers when the store returns.
 */
@Singleton
@Identifier(FaultyStore.NAME)
public class FaultyStore extends SettlementStoreDecorator {
    public static final String NAME = "faulty";
    private volatile boolean down;

    public FaultyStore() {
        super(new InMemorySettlementStore());
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    /** The backend's descriptor, registered in this module's test META-INF/services like any store module's. */
    public static final class Backend implements StoreBackend {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public boolean durable() {
            return false;
        }
    }

    @Override
    protected <T> T around(String operation, Supplier<T> call) {
        if (down) {
            throw SettlementException.unavailable("faulty", new ConnectException("switched off by the test"));
        }
        return call.get();
    }

    @Override
    public StoreHealth health() {
        return down ? StoreHealth.down("switched off by the test") : delegate.health();
    }
}
