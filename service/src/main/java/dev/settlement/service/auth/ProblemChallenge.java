package dev.settlement.service.auth;

import dev.settlement.service.console.ConsolePaths;
import dev.settlement.service.console.ConsoleSignIn;
import dev.settlement.service.rest.ProblemCode;
import dev.settlement.service.rest.Problem;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Set;

/**
 * SmallRye JWT's bearer mechanism (it verifies every token), with one change: its 401 challenge carries a problem
 * details body (code UNAUTHORIZED) next to {@code WWW-Authenticate: Bearer}, where the stock one has an empty body;
 * a console page without a valid token goes to the console's sign-in page instead.
 * Quarkus sends this challenge when a permission needs a token and there is none; a token that fails verification
 * is answered the same way by {@link AuthFailures}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ProblemChallenge implements HttpAuthenticationMechanism {
    private final JWTAuthMechanism jwt;

    public ProblemChallenge(JWTAuthMechanism jwt) {
        this.jwt = jwt;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        return jwt.authenticate(context, identities);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return jwt.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (ConsolePaths.isConsole(context.normalizedPath())) {
            ConsoleSignIn.challenge(context);
            return Uni.createFrom().item(true);
        }
        return getChallenge(context).map(challenge -> {
            challenge.getHeaders().forEach((name, value) -> context.response().putHeader(name, value));
            boolean presented = context.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
            Problem.end(context.response(), ProblemCode.UNAUTHORIZED, presented
                    ? "The bearer token is not valid: a bad signature, expired, not yet valid or from another issuer"
                    : "This endpoint needs a bearer token: Authorization: Bearer <JWT>");
            return true;
        });
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return jwt.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return jwt.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return jwt.getPriority();
    }
}
