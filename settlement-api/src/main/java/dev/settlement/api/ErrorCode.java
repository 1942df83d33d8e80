package dev.settlement.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Every error the service reports, with its HTTP status and title in one place so no hand-kept map can drift.
 * The first block is the public contract (API.md, UNAUTHORIZED and FORBIDDEN as additions for authentication); the
 * second covers HTTP-level failures of a request.
 */
@Schema(description = "The machine-readable code of a problem: one per kind of error, each with one HTTP status.")
public enum ErrorCode {
    MALFORMED_REQUEST(400, "Malformed request"),
    VALIDATION_FAILED(400, "Validation failed"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    DUPLICATE_ID(409, "Duplicate id"),
    INVALID_STATE_TRANSITION(409, "Invalid state transition"),
    INTENT_ALREADY_ACTIVE(409, "Intent already has an active settlement"),
    VERSION_CONFLICT(412, "Version conflict"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    SOLVER_CAPACITY_EXCEEDED(429, "Solver capacity exceeded"),
    STORE_UNAVAILABLE(503, "Store unavailable"),

    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    INTERNAL_ERROR(500, "Internal error");

    private final int httpStatus;
    private final String title;

    ErrorCode(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }
}
