package dev.settlement.service;

import dev.settlement.api.MutableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Tests move the server clock by hand (expiry, stuck detection) instead of sleeping. */
public class TestClockProducer {
    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    MutableClock clock() {
        return new MutableClock(System.currentTimeMillis() / 1000);
    }
}
