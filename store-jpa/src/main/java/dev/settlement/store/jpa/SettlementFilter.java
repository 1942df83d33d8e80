package dev.settlement.store.jpa;

import dev.settlement.api.PageCursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The WHERE clause of a settlement query, built from the filters that are set, and its parameters. */
final class SettlementFilter {
    private final List<String> conditions = new ArrayList<>();
    final Map<String, Object> parameters = new LinkedHashMap<>();

    void condition(String hql) {
        conditions.add(hql);
    }

    void condition(String hql, String parameter, Object value) {
        conditions.add(hql);
        parameters.put(parameter, value);
    }

    /** {@code s.<attribute> = value}, unless value is null (no filter). */
    void equal(String attribute, Object value) {
        if (value != null) {
            condition("s." + attribute + " = :" + attribute, attribute, value);
        }
    }

    /**
     * Keyset paging, {@code (key, id) > (cursor.key, cursor.id)}, spelled as a range on the key plus a
     * tie-break so that every planner turns it into a range scan of the (…, key, id) index.
     */
    void after(String keyAttribute, PageCursor cursor) {
        if (cursor != null) {
            String key = "s." + keyAttribute;
            conditions.add(key + " >= :afterKey and (" + key + " > :afterKey or s.id > :afterId)");
            parameters.put("afterKey", cursor.key());
            parameters.put("afterId", cursor.id());
        }
    }

    String where() {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }
}
