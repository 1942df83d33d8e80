package dev.settlement.service.store;

import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreDecorator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Times every store operation, whatever the backend: {@code settlement_store_operation_seconds} tagged with the
 * backend, the operation and its outcome ({@code ok} or the error code). Wraps the selected store once, in the
 * producer.
 */
public final class MeteredSettlementStore extends SettlementStoreDecorator {
    private final MeterRegistry registry;
    private final String backend;

    public MeteredSettlementStore(SettlementStore delegate, MeterRegistry registry, String backend) {
        super(delegate);
        this.registry = registry;
        this.backend = backend;
    }

    @Override
    protected <T> T around(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return call.get();
        } catch (SettlementException e) {
            outcome = e.code().name();
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            Timer.builder("settlement.store.operation")
                    .description("Time spent in the settlement store, per operation and outcome")
                    .tags("backend", backend, "operation", operation, "outcome", outcome)
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
