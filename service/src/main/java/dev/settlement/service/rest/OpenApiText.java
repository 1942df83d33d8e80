package dev.settlement.service.rest;

/** Words the OpenAPI annotations of several operations share: who may call them, and the replay rule. */
final class OpenApiText {
    /** The security scheme's name in META-INF/openapi.yaml. */
    static final String BEARER = "bearer";
    static final String READERS = "With authentication on: any of the roles reader, solver or operator.";
    static final String CHANGERS = "With authentication on: operator, or solver for its own settlements only (those "
            + "whose solverId is the token's subject; another solver's is 403, an unknown id stays 404); reader may "
            + "not (403).";
    static final String OPERATORS = "With authentication on: operator only (reader and solver get 403).";
    static final String REPLAY = "Safe to replay: when its effect is already recorded (same target status and data) "
            + "the answer is 200 with the current record and nothing is written, even under a stale If-Match. The "
            + "same change with different data is 409 INVALID_STATE_TRANSITION.";

    private OpenApiText() {
    }
}
