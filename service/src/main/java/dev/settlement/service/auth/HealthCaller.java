package dev.settlement.service.auth;

import dev.settlement.service.config.SettlementConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Health is open to probes, so no permission makes anyone authenticate there (authentication is not proactive), and a
 * bad token must not turn a probe into a 401. For health requests that carry a bearer token, this verifies it (as
 * SmallRye JWT does for the endpoints behind a permission: signature, expiry, issuer) and hands a verified caller on as
 * the request's user, which the health handler passes to the checks: readiness then shows the store's details to that
 * caller ({@link Caller#mayReadInternals()}). A missing or bad token is no error here: the caller gets the status alone.
 * Registered with authentication on only.
 */
@ApplicationScoped
public class HealthCaller {
    static final String HEALTH = "/q/health";
    private static final String BEARER = "Bearer ";

    void register(@Observes Filters filters, SettlementConfig config, Instance<JWTParser> parsers) {
        if (!config.auth().enabled()) {
            return;
        }
        JWTParser parser = parsers.get();
        filters.register(ctx -> {
            String path = ctx.normalizedPath();
            String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
            boolean health = path.equals(HEALTH) || path.startsWith(HEALTH + "/");
            if (!health || authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                ctx.next();
                return;
            }
            String token = authorization.substring(BEARER.length()).trim();
            // verification may fetch keys (a JWKS URL): off the event loop
            ctx.vertx().executeBlocking(() -> verified(parser, token), false).onComplete(verified -> {
                if (verified.succeeded() && verified.result() != null) {
                    QuarkusHttpUser.setIdentity(verified.result(), ctx);
                }
                ctx.next();
            });
        }, SecurityHandlerPriorities.AUTHORIZATION - 1);
    }

    /** The caller the token proves, or null when it does not verify. */
    private static SecurityIdentity verified(JWTParser parser, String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            return QuarkusSecurityIdentity.builder().setPrincipal(jwt)
                    .addRoles(jwt.getGroups() == null ? Set.of() : jwt.getGroups()).build();
        } catch (ParseException e) {
            return null;
        }
    }
}
