package dev.settlement.api;

/**
 * Every error of the domain: what a store or the manager refuses, and why. The service answers each with an HTTP
 * status of the contract (API.md); this module knows nothing of HTTP.
 */
public enum ErrorCode {
    /** A field of a request breaks a rule; {@link SettlementException#fieldErrors()} names each. */
    VALIDATION_FAILED,
    NOT_FOUND,
    DUPLICATE_ID,
    INVALID_STATE_TRANSITION,
    INTENT_ALREADY_ACTIVE,
    /** The settlement is not at the version the caller expected (a compare-and-set lost). */
    VERSION_CONFLICT,
    SOLVER_CAPACITY_EXCEEDED,
    /** The feed no longer holds events that far back (retention removed them); the reader must resynchronise. */
    EVENTS_EXPIRED,
    /** The backend cannot serve now (unreachable, refusing writes, timed out); nothing was written. */
    STORE_UNAVAILABLE
}
