package dev.settlement.store.jpa;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * A Hibernate statement inspector that, while switched on, keeps the SQL Hibernate sends and the plain SQL the store
 * prepares itself ({@link Jdbc#prepare}), so query plans can be read for the exact statements a store issues (the
 * benchmarks' doc, the index tests). Off, it costs one volatile read per statement. Enable it per unit with
 * {@code quarkus.hibernate-orm.<unit>.unsupported-properties."hibernate.session_factory.statement_inspector"}.
 */
public class SqlCapture implements StatementInspector {
    private static volatile boolean on;
    private static final List<String> CAPTURED = new ArrayList<>();

    @Override
    public String inspect(String sql) {
        sent(sql);
        return sql;
    }

    /** Keeps {@code sql} while switched on: what Hibernate sends, and the plain SQL the store prepares itself. */
    static void sent(String sql) {
        if (on) {
            synchronized (CAPTURED) {
                CAPTURED.add(sql);
            }
        }
    }

    /** The statements {@code action} made Hibernate send, in order. */
    public static List<String> during(Runnable action) {
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
