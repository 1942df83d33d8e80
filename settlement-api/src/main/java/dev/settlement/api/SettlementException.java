package dev.settlement.api;

import dev.settlement.api.feed.EventsExpiredException;
import java.util.Map;

/** The one error type of the domain and its stores; {@link #code()} says what went wrong. */
public class SettlementException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, String> fieldErrors;

    public SettlementException(ErrorCode code, String detail) {
        this(code, detail, Map.of(), null);
    }

    public SettlementException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, Map.of(), cause);
    }

    private SettlementException(ErrorCode code, String detail, Map<String, String> fieldErrors, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    /** A VALIDATION_FAILED naming each bad field (field path → what is wrong with it). */
    public static SettlementException invalidFields(Map<String, String> fieldErrors) {
        StringBuilder detail = new StringBuilder();
        fieldErrors.forEach((field, problem) ->
                detail.append(detail.length() == 0 ? "" : "; ").append(field).append(": ").append(problem));
        return new SettlementException(ErrorCode.VALIDATION_FAILED, detail.toString(), fieldErrors, null);
    }

    public static SettlementException notFound(String id) {
        return new SettlementException(ErrorCode.NOT_FOUND, "No settlement with id '" + id + "'");
    }

    public static SettlementException versionConflict(String id, long expected, long actual) {
        return new SettlementException(ErrorCode.VERSION_CONFLICT,
                "Settlement '" + id + "' is at version " + actual + ", not " + expected);
    }

    /** An EVENTS_EXPIRED: events after {@code after} up to {@code prunedThrough} were removed by retention. */
    public static SettlementException eventsExpired(long after, long prunedThrough) {
        return new EventsExpiredException(after, prunedThrough);
    }

    public static SettlementException unavailable(String backend, Throwable cause) {
        return new SettlementException(ErrorCode.STORE_UNAVAILABLE,
                "The " + backend + " store cannot be reached right now", cause);
    }

    /**
     * A STORE_UNAVAILABLE for a backend that answers but refuses the request now (full memory, a read-only replica, a
     * failing disk …); {@code reason} says which refusal, in words an operator can act on.
     */
    public static SettlementException refused(String backend, String reason, Throwable cause) {
        return new SettlementException(ErrorCode.STORE_UNAVAILABLE,
                "The " + backend + " store refuses requests right now: " + reason, cause);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
