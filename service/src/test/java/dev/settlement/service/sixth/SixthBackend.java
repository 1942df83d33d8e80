package dev.settlement.service.sixth;

import dev.settlement.api.StoreBackend;

/**
 * A backend the service has never heard of, as a new store module would add it: this descriptor (registered under
 * META-INF/services) and a store bean of the same name. Nothing in the service's main code changes for it.
 */
public final class SixthBackend implements StoreBackend {
    public static final String NAME = "sixth";

    @Override
    public String name() {
        return NAME;
    }
}
