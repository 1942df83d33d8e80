package dev.settlement.store.jpa;

import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;

/** What a failure of the database, the pool or Flyway means, in words for health and the start-up line. */
final class JpaFailures {
    private JpaFailures() {
    }

    /**
     * Why the database cannot serve, for health and the start-up line: "cannot be reached: …", unless it answers but is
     * not ours. Flyway then refuses a database that holds tables and no history of our migrations; said as it is, that
     * is one line an operator can act on (and no other attempt or job needs to report it again).
     */
    static String whatIsWrong(RuntimeException e) {
        FlywayException flyway = causeOfType(e, FlywayException.class);
        if (flyway != null && flyway.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            String found = flyway.getMessage() == null ? "" : flyway.getMessage().split("\\. ", 2)[0];
            return "is not empty and has no settlement schema: use an empty database or one this service created ("
                    + found + ")";
        }
        return "cannot be reached: " + rootMessage(e);
    }

    private static <X extends Throwable> X causeOfType(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
