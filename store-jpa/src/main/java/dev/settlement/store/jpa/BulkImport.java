package dev.settlement.store.jpa;

import static java.util.stream.Collectors.joining;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.ImportOutcome;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementWithHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.StatelessSession;
import org.hibernate.query.MutationQuery;

/**
 * The SQL side of {@link JpaSettlementStore#importSettlements}, inside the caller's transaction: stored versions are
 * read, older records updated in place with their transitions replaced, absent settlements inserted with
 * INSERT … ON CONFLICT DO NOTHING in multi-row statements.
 */
final class BulkImport {
    private BulkImport() {
    }

    /** Writes {@code inIdOrder} (sorted by id) and returns each settlement's outcome by id. */
    static Map<String, ImportOutcome> write(StatelessSession session, List<SettlementWithHistory> inIdOrder,
                                            int rowsPerInsert) {
        Map<String, Long> stored = storedVersions(session, inIdOrder.stream().map(SettlementWithHistory::id).toList());
        Map<String, ImportOutcome> outcomes = new HashMap<>();
        List<Map<String, Object>> inserts = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (SettlementWithHistory item : inIdOrder) {
            ImportOutcome outcome = ImportOutcome.of(stored.get(item.id()), item.settlement());
            outcomes.put(item.id(), outcome);
            if (outcome == ImportOutcome.ALREADY_PRESENT) {
                continue;
            }
            SettlementEntity row = SettlementEntity.of(item.settlement());
            if (outcome == ImportOutcome.UPDATED) {
                replaceState(session, item.id(), row.stateWithoutId());
                replaced.add(item.id());
            } else {
                Map<String, Object> insert = new LinkedHashMap<>();
                insert.put("id", item.id());
                insert.putAll(row.stateWithoutId());
                inserts.add(insert);
            }
            item.history().forEach(t -> transitions.add(TransitionEntity.of(item.id(), t).state()));
        }
        if (!replaced.isEmpty()) {
            session.createMutationQuery("delete from TransitionEntity t where t.settlementId in :ids")
                    .setParameter("ids", replaced).executeUpdate();
        }
        if (insertIfAbsent(session, "SettlementEntity", inserts, rowsPerInsert) < inserts.size()) {
            refuseMissingInserts(session, inIdOrder, inserts);
        }
        insertIfAbsent(session, "TransitionEntity", transitions, rowsPerInsert);
        return outcomes;
    }

    /** {@code s.a = :a, s.b = :b, …} for every attribute of {@code state}. */
    private static String assignments(Map<String, Object> state) {
        return state.keySet().stream().map(a -> "s." + a + " = :" + a).collect(joining(", "));
    }

    /** Overwrites every attribute of one settlement. */
    private static void replaceState(StatelessSession session, String id, Map<String, Object> state) {
        MutationQuery replace = session.createMutationQuery("update SettlementEntity s set " + assignments(state)
                + " where s.id = :id");
        state.forEach(replace::setParameter);
        replace.setParameter("id", id).executeUpdate();
    }

    private static Map<String, Long> storedVersions(StatelessSession session, List<String> ids) {
        Map<String, Long> versions = new HashMap<>();
        session.createSelectionQuery("select s.id, s.version from SettlementEntity s where s.id in :ids", Object[].class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(row -> versions.put((String) row[0], ((Number) row[1]).longValue()));
        return versions;
    }

    /**
     * Some inserts of an import were left out. Those whose id is there now were inserted by a concurrent importer,
     * which is fine; any other met the one-active-per-intent index, and the batch is refused (and rolled back).
     */
    private static void refuseMissingInserts(StatelessSession session, List<SettlementWithHistory> batch,
                                             List<Map<String, Object>> inserts) {
        List<String> insertedIds = inserts.stream().map(row -> (String) row.get("id")).toList();
        Set<String> attempted = new HashSet<>(insertedIds);
        Set<String> present = storedVersions(session, insertedIds).keySet();
        List<String> refused = batch.stream()
                .filter(item -> attempted.contains(item.id()) && !present.contains(item.id()))
                .map(item -> "'" + item.id() + "' (intent '" + item.settlement().intentId() + "')")
                .collect(Collectors.toList());
        if (!refused.isEmpty()) {
            throw new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE, "Not imported: " + String.join(", ", refused)
                    + ": the intent already has another active settlement here");
        }
    }

    /**
     * INSERT … ON CONFLICT DO NOTHING: a row whose primary key or unique key is taken already is left out. Rows go
     * {@code rowsPerStatement} to a statement, so a batch costs a few round trips and a few cached query plans.
     * Returns how many rows were inserted.
     */
    private static int insertIfAbsent(StatelessSession session, String entity, List<Map<String, Object>> rows,
                                      int rowsPerStatement) {
        int inserted = 0;
        for (int from = 0; from < rows.size(); from += rowsPerStatement) {
            List<Map<String, Object>> chunk = rows.subList(from, Math.min(rows.size(), from + rowsPerStatement));
            Set<String> attributes = chunk.get(0).keySet();
            StringBuilder hql = new StringBuilder("insert into ").append(entity).append(" (")
                    .append(String.join(", ", attributes)).append(") values ");
            for (int i = 0; i < chunk.size(); i++) {
                int row = i;
                hql.append(i == 0 ? "(" : ", (")
                        .append(attributes.stream().map(a -> ":" + a + row).collect(joining(", "))).append(")");
            }
            MutationQuery insert = session.createMutationQuery(hql.append(" on conflict do nothing").toString());
            for (int i = 0; i < chunk.size(); i++) {
                int row = i;
                chunk.get(i).forEach((attribute, value) -> insert.setParameter(attribute + row, value));
            }
            inserted += insert.executeUpdate();
        }
        return inserted;
    }
}
