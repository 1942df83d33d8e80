package dev.settlement.service.auth;

import dev.settlement.service.config.SettlementConfig;
import dev.settlement.service.rest.ProblemCode;
import dev.settlement.service.rest.RequestRefused;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who the current request is: the actor its status changes record, and the one rule path permissions cannot express,
 * that a solver changes only its own settlements. Which role may call which endpoint at all is HTTP permission
 * configuration (application.properties), checked before a request reaches a resource.
 */
@ApplicationScoped
public class Caller {
    /** The actor of every change while authentication is off: nobody proved who they are. */
    public static final String ANONYMOUS = "anonymous";
    public static final String OPERATOR = "operator";
    public static final String SOLVER = "solver";
    public static final String READER = "reader";

    private final boolean enabled;
    private final Instance<SecurityIdentity> identity;

    public Caller(SettlementConfig config, Instance<SecurityIdentity> identity) {
        this.enabled = config.auth().enabled();
        // looked up per call, and only with authentication on: with it off no token is ever examined
        this.identity = identity;
    }

    /** The token's subject, or {@link #ANONYMOUS} with authentication off. */
    public String actor() {
        return enabled ? subject(identity.get()) : ANONYMOUS;
    }

    /**
     * Whether the caller may see the service's internals, such as where its store is (readiness details): with
     * authentication off anyone may, with it on only a caller whose token verified.
     */
    public boolean mayReadInternals() {
        return !enabled || !identity.get().isAnonymous();
    }

    /**
     * The solver whose settlements alone this caller may follow in the feed: its subject when it is a solver and
     * neither reader nor operator; null (every solver) otherwise and with authentication off. A solver asking for
     * another solver's events is refused (FORBIDDEN).
     */
    public String feedSolver(String requested) {
        String only = onlySolver();
        if (only != null && requested != null && !requested.equals(only)) {
            throw new RequestRefused(ProblemCode.FORBIDDEN, "Solver '" + only + "' may only follow its own "
                    + "settlements' events, not solverId '" + requested + "'");
        }
        return only != null ? only : requested;
    }

    /**
     * The solver a caller is limited to: its subject when it is a solver and neither reader nor operator; null when it
     * may see every settlement (a reader, an operator, anyone with authentication off).
     */
    public String onlySolver() {
        if (!enabled) {
            return null;
        }
        SecurityIdentity caller = identity.get();
        return caller.hasRole(OPERATOR) || caller.hasRole(READER) ? null : subject(caller);
    }

    /** Whether the caller may change any settlement, run recovery and retry deliveries: always with authentication off. */
    public boolean isOperator() {
        return !enabled || identity.get().hasRole(OPERATOR);
    }

    /** Who the console says is signed in: the token's subject, or null with authentication off. */
    public String signedIn() {
        return enabled ? subject(identity.get()) : null;
    }

    /**
     * The token's {@code sub} claim. The principal's name is not it: SmallRye JWT names the principal after
     * {@code upn} or {@code preferred_username} when the token has one.
     */
    private static String subject(SecurityIdentity caller) {
        if (caller.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return caller.getPrincipal().getName();
    }

    /**
     * Refuses (FORBIDDEN) a change to a settlement of solver {@code solverId} unless the caller is an operator, or a
     * solver whose subject is that solver id; a settlement without a solver is the operators' alone. The solver id is
     * only looked up (it may read the settlement, and fail NOT_FOUND) with authentication on.
     */
    public void requireMayChange(Supplier<String> solverId) {
        if (!enabled) {
            return;
        }
        SecurityIdentity caller = identity.get();
        if (caller.hasRole(OPERATOR)) {
            return;
        }
        String subject = subject(caller);
        if (!caller.hasRole(SOLVER)) {
            throw new RequestRefused(ProblemCode.FORBIDDEN, "'" + subject + "' may not change settlements");
        }
        if (!subject.equals(solverId.get())) {
            throw new RequestRefused(ProblemCode.FORBIDDEN, "Solver '" + subject
                    + "' may only create and change settlements whose solverId is '" + subject + "'");
        }
    }
}
