package dev.settlement.service.auth;

import dev.settlement.service.rest.ProblemCode;
import dev.settlement.service.rest.Problem;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The HTTP permissions refuse a request below the REST layer (it may not be a REST path at all: /q/metrics), where
 * Quarkus answers with an empty body. This answers those refusals as problem details instead: a token that fails
 * verification 401 UNAUTHORIZED (with the bearer challenge), valid roles that do not allow the request 403 FORBIDDEN.
 */
@ApplicationScoped
public class AuthFailures {
    private final ProblemChallenge challenge;

    public AuthFailures(ProblemChallenge challenge) {
        this.challenge = challenge;
    }

    void register(@Observes Router router) {
        router.route().failureHandler(ctx -> {
            if (ctx.response().ended()) {
                ctx.next();
            } else if (ctx.failure() instanceof ForbiddenException) {
                Problem.end(ctx.response(), ProblemCode.FORBIDDEN, "The token's roles do not allow "
                        + ctx.request().method() + " " + ctx.request().path());
            } else if (ctx.failure() instanceof AuthenticationException
                    || ctx.failure() instanceof UnauthorizedException) {
                challenge.sendChallenge(ctx).subscribe().with(sent -> { }, ctx::fail);
            } else {
                ctx.next();
            }
        });
    }
}
