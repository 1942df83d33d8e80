package dev.settlement.service.rest;

/**
 * A request the HTTP layer refuses before any domain rule is asked (no body, a role that may not act …), answered as
 * a problem with {@code code}.
 */
public class RequestRefused extends RuntimeException {
    private final ProblemCode code;

    public RequestRefused(ProblemCode code, String message) {
        super(message, null, false, false); // an expected answer: no stack trace to fill
        this.code = code;
    }

    public ProblemCode code() {
        return code;
    }
}
