package dev.settlement.service.sixth;

import dev.settlement.api.InMemorySettlementStore;
import dev.settlement.api.SettlementStoreDecorator;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/** The sixth backend's store bean; it keeps settlements in memory, since what is tested is how the service finds it. */
@ApplicationScoped
@Identifier(SixthBackend.NAME)
@Unremovable
public class SixthSettlementStore extends SettlementStoreDecorator {
    public SixthSettlementStore() {
        super(new InMemorySettlementStore());
    }

    @Override
    protected <T> T around(String operation, Supplier<T> call) {
        return call.get();
    }
}
