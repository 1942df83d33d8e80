package dev.settlement.service.rest;

import dev.settlement.api.ErrorCode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Every {@code code} a problem response carries, with its HTTP status and title in one place: the store's and the
 * manager's {@link ErrorCode}s, which know nothing of HTTP, and the refusals only the HTTP layer makes (authentication,
 * media types, sizes, routes). The statuses are the contract's (API.md, "Errors").
 */
@Schema(name = "ErrorCode",
        description = "The machine-readable code of a problem: one per kind of error, each with one HTTP status.")
public enum ProblemCode {
    MALFORMED_REQUEST(400, "Malformed request"),
    VALIDATION_FAILED(400, "Validation failed"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    DUPLICATE_ID(409, "Duplicate id"),
    INVALID_STATE_TRANSITION(409, "Invalid state transition"),
    INTENT_ALREADY_ACTIVE(409, "Intent already has an active settlement"),
    VERSION_CONFLICT(412, "Version conflict"),
    EVENTS_EXPIRED(410, "Events expired"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    SOLVER_CAPACITY_EXCEEDED(429, "Solver capacity exceeded"),
    INTERNAL_ERROR(500, "Internal error"),
    STORE_UNAVAILABLE(503, "Store unavailable");

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    /** The HTTP answer to a domain error; exhaustive, so a new {@link ErrorCode} does not compile without one. */
    public static ProblemCode of(ErrorCode code) {
        return switch (code) {
            case VALIDATION_FAILED -> VALIDATION_FAILED;
            case NOT_FOUND -> NOT_FOUND;
            case DUPLICATE_ID -> DUPLICATE_ID;
            case INVALID_STATE_TRANSITION -> INVALID_STATE_TRANSITION;
            case INTENT_ALREADY_ACTIVE -> INTENT_ALREADY_ACTIVE;
            case VERSION_CONFLICT -> VERSION_CONFLICT;
            case SOLVER_CAPACITY_EXCEEDED -> SOLVER_CAPACITY_EXCEEDED;
            case EVENTS_EXPIRED -> EVENTS_EXPIRED;
            case STORE_UNAVAILABLE -> STORE_UNAVAILABLE;
        };
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
