package dev.settlement.service.console;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.StoreHealth;
import dev.settlement.service.auth.Caller;
import dev.settlement.service.config.SettlementConfig;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;

/** Builds each page's {@link Frame}: the caller, the backend, the request token and the live stream to follow. */
@ApplicationScoped
public class ConsoleFrames {
    private final Caller caller;
    private final ConsoleGuard csrf;
    private final SettlementStore store;
    private final String backend;
    private final boolean authEnabled;

    public ConsoleFrames(Caller caller, ConsoleGuard csrf, SettlementStore store, SettlementConfig config) {
        this.caller = caller;
        this.csrf = csrf;
        this.store = store;
        this.backend = config.store();
        this.authEnabled = config.auth().enabled();
    }

    /** The frame of a page that does not change by itself. */
    Frame frame(RoutingContext routing, String title, String tab) {
        return new Frame(title, tab, backend, caller.signedIn(), authEnabled, caller.isOperator(), caller.onlySolver(),
                csrf.token(routing), null);
    }

    /** The frame of a page that follows the feed: every change, or only {@code settlementId}'s when not null. */
    Frame live(RoutingContext routing, String title, String tab, String settlementId) {
        String live = ConsolePaths.ROOT + "/live" + (settlementId == null ? ""
                : "?settlement=" + ConsoleFormat.urlEncoded(settlementId));
        return new Frame(title, tab, backend, caller.signedIn(), authEnabled, caller.isOperator(), caller.onlySolver(),
                csrf.token(routing), live);
    }

    /** A frame for pages shown before anyone signed in (the sign-in page, errors): no caller is looked up. */
    Frame anonymous(RoutingContext routing, String title) {
        return new Frame(title, "", backend, null, authEnabled, false, null, csrf.token(routing), null);
    }

    StoreHealth health() {
        return store.health();
    }

    /** The store's readiness in words; where it is (its details) only for callers who may read internals. */
    String describe(StoreHealth health) {
        String state = health.up() ? "ready" : "not ready";
        if (!caller.mayReadInternals() || health.details().isEmpty()) {
            return state;
        }
        return state + " (" + health.details().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }
}
