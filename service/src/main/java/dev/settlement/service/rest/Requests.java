package dev.settlement.service.rest;

import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementStatus;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of what arrives as text (query parameters, headers) into typed values, with errors naming the field. */
public final class Requests {
    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"([0-9]{1,18})\"");

    private Requests() {
    }

    static <T> T body(T body) {
        if (body == null) {
            throw new RequestRefused(ProblemCode.MALFORMED_REQUEST, "A JSON request body is required");
        }
        return body;
    }

    public static SettlementStatus status(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return SettlementStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw invalid("status", "must be one of " + Arrays.toString(SettlementStatus.values()));
        }
    }

    static Integer integer(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw invalid(field, "must be a whole number");
        }
    }

    static Long epochSeconds(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(field, "must be Unix epoch seconds (a whole number >= 0)");
    }

    /** A {@code limit} parameter: the default when absent, else 1 to {@link SettlementManager#MAX_LIMIT}. */
    static int limit(String value) {
        return SettlementManager.pageLimit(integer("limit", value));
    }

    /** A position in the change feed (an event's sequence, or 0 for "from the start"). */
    public static Long sequence(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long sequence = Long.parseLong(value);
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(field, "must be an event sequence (a whole number >= 0)");
    }

    /** {@code If-Match: "<version>"}; absent or {@code *} means unconditional. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        Matcher m = ETAG.matcher(header.trim());
        if (!m.matches()) {
            throw invalid("If-Match", "must be an entity tag of the form \"<version>\"");
        }
        return Long.valueOf(m.group(1));
    }

    public static SettlementException invalid(String field, String problem) {
        return SettlementException.invalidFields(Map.of(field, problem));
    }
}
