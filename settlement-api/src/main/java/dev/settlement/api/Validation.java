package dev.settlement.api;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The field limits of the public contract, checked once for every caller; violations name each bad field. */
final class Validation {
    /** ids and intent ids appear in URL paths. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /**
     * "." and ".." (and longer runs of dots) as a path segment: HTTP path normalisation turns /settlements/.. into /
     * and /settlements/. into the list, so a settlement of such an id or intent could never be read or changed.
     */
    private static final Pattern ONLY_DOTS = Pattern.compile("\\.+");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern LONG_TOKEN = Pattern.compile("[\\x21-\\x7E]{1,256}");
    private static final Pattern DENOM = Pattern.compile("[A-Za-z0-9/:._-]{1,128}");
    private static final java.util.Set<String> RESERVED_IDS = java.util.Set.of("stuck");
    private static final int MAX_TEXT = 1024;
    /**
     * 9999-12-31T23:59:59Z. Times beyond it are mistakes (milliseconds sent as seconds, say), and it keeps every time
     * exact where a backend indexes it as a double (Redis sorted-set scores, exact to 2^53).
     */
    static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private final Map<String, String> errors = new LinkedHashMap<>();

    static void checkNew(NewSettlement s, long now) {
        Validation v = new Validation();
        if (s.id() != null) {
            v.identifier("id", s.id());
            if (RESERVED_IDS.contains(s.id())) {
                // GET /settlements/stuck is the stuck list, so a settlement of that id could never be read back
                v.errors.put("id", "'" + s.id() + "' is reserved");
            }
        }
        v.identifier("intentId", s.intentId());
        if (s.solverId() != null) {
            v.token("solverId", s.solverId());
        }
        v.match("userAddress", s.userAddress(), LONG_TOKEN, "1-256 printable ASCII characters, no whitespace");
        v.asset("inputAsset", s.inputAsset());
        v.asset("outputAsset", s.outputAsset());
        if (s.expiresAt() != null && s.expiresAt() <= now) {
            v.errors.put("expiresAt", "must be later than now (" + now + ")");
        } else if (s.expiresAt() != null && s.expiresAt() > MAX_EPOCH_SECONDS) {
            v.errors.put("expiresAt", "must be Unix epoch seconds no later than " + MAX_EPOCH_SECONDS);
        }
        v.throwIfAny();
    }

    static void checkEvent(SettlementEvent event) {
        Validation v = new Validation();
        if (event instanceof SettlementEvent.UserLocked e) {
            v.token("escrowId", e.escrowId());
            v.txHash(e.txHash());
        } else if (event instanceof SettlementEvent.SolverLocked e) {
            v.token("bondId", e.bondId());
            v.txHash(e.txHash());
        } else if (event instanceof SettlementEvent.IbcTransferStarted e) {
            if (e.sequence() < 0) {
                v.errors.put("sequence", "must be between 0 and 2^63-1");
            }
            v.txHash(e.txHash());
        } else if (event instanceof SettlementEvent.IbcTransferComplete e) {
            v.txHash(e.txHash());
        } else if (event instanceof SettlementEvent.IbcTransferFailed e) {
            v.text("reason", e.reason());
        } else {
            v.errors.put("type", "is required");
        }
        v.throwIfAny();
    }

    static void checkOutcome(SettlementOutcome outcome) {
        Validation v = new Validation();
        if (outcome instanceof SettlementOutcome.Success o) {
            v.amount("outputDelivered", o.outputDelivered());
            v.txHash(o.txHash());
        } else if (outcome instanceof SettlementOutcome.Failure o) {
            v.text("reason", o.reason());
        } else if (outcome == null) {
            v.errors.put("result", "is required");
        }
        v.throwIfAny();
    }

    static void checkBefore(long before) {
        if (before < 0 || before > MAX_EPOCH_SECONDS) {
            throw SettlementException.invalidFields(Map.of("before",
                    "must be Unix epoch seconds from 0 to " + MAX_EPOCH_SECONDS));
        }
    }

    static void checkReason(String reason) {
        Validation v = new Validation();
        v.text("reason", reason);
        v.throwIfAny();
    }

    private void asset(String field, Asset asset) {
        if (asset == null) {
            errors.put(field, "is required");
            return;
        }
        token(field + ".chainId", asset.chainId());
        match(field + ".denom", asset.denom(), DENOM, "1-128 of A-Z a-z 0-9 / : . _ -");
        amount(field + ".amount", asset.amount());
    }

    private void amount(String field, BigInteger amount) {
        if (amount == null) {
            errors.put(field, "is required");
        } else if (!Uint128.isValid(amount)) {
            errors.put(field, "must be a whole number from 0 to 2^128-1");
        }
    }

    /** Whether a stored settlement can have {@code value} as its solver id. */
    static boolean canBeToken(String value) {
        return TOKEN.matcher(value).matches();
    }

    /** Whether a stored settlement can have {@code value} as its user address. */
    static boolean canBeLongToken(String value) {
        return LONG_TOKEN.matcher(value).matches();
    }

    /** An id that appears as a URL path segment: the identifier characters, and not dots alone. */
    private void identifier(String field, String value) {
        match(field, value, IDENTIFIER, "1-128 of A-Z a-z 0-9 . _ : -");
        if (value != null && ONLY_DOTS.matcher(value).matches()) {
            errors.put(field, "must not be made only of dots: a URL path cannot address it");
        }
    }

    private void token(String field, String value) {
        match(field, value, TOKEN, "1-128 printable ASCII characters, no whitespace");
    }

    private void txHash(String value) {
        if (value != null) {
            match("txHash", value, LONG_TOKEN, "1-256 printable ASCII characters, no whitespace");
        }
    }

    private void text(String field, String value) {
        if (value == null || value.isBlank()) {
            errors.put(field, "is required (1-1024 characters)");
        } else if (value.codePointCount(0, value.length()) > MAX_TEXT) {
            errors.put(field, "must be at most 1024 characters");
        }
    }

    private void match(String field, String value, Pattern pattern, String expected) {
        if (value == null) {
            errors.put(field, "is required");
        } else if (!pattern.matcher(value).matches()) {
            errors.put(field, "must be " + expected);
        }
    }

    private void throwIfAny() {
        if (!errors.isEmpty()) {
            throw SettlementException.invalidFields(errors);
        }
    }
}
