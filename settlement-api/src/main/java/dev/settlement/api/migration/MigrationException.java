package dev.settlement.api.migration;

/** A migration that cannot go on, for a reason the operator must act on; the message says what and why. */
public class MigrationException extends RuntimeException {
    public MigrationException(String message) {
        super(message);
    }
}
