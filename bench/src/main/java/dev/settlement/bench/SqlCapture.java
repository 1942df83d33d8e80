package dev.settlement.bench;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Hibernate's statement inspector in the bench app: while switched on, keeps the SQL Hibernate sends, so the query
 * plans in the doc are those of the exact statements the store issues. Off, it costs one volatile read per statement.
 */
public class SqlCapture implements StatementInspector {
    private static volatile boolean on;
    private static final List<String> CAPTURED = new ArrayList<>();

    @Override
    public String inspect(String sql) {
        if (on) {
            synchronized (CAPTURED) {
                CAPTURED.add(sql);
            }
        }
        return sql;
    }

    /** The statements {@code action} made Hibernate send, in order. */
    static List<String> during(Runnable action) {
        synchronized (CAPTURED) {
            CAPTURED.clear();
        }
        on = true;
        try {
            action.run();
        } finally {
            on = false;
        }
        synchronized (CAPTURED) {
            return List.copyOf(CAPTURED);
        }
    }
}
