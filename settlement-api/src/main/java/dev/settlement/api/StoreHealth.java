package dev.settlement.api;

import java.util.Map;

/** What a store says about itself for readiness: up or not, and facts worth showing (URL, durability …). */
public record StoreHealth(boolean up, Map<String, Object> details) {

    public static StoreHealth up(Map<String, Object> details) {
        return new StoreHealth(true, Map.copyOf(details));
    }

    public static StoreHealth down(String reason) {
        return new StoreHealth(false, Map.of("error", reason));
    }
}
