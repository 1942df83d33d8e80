package dev.settlement.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a settlement is in its lifecycle. This enum owns the state machine: {@link #canMoveTo} is the only
 * place that decides whether a status change is allowed; stores never re-decide it.
 */
@Schema(description = "PENDING -> USER_LOCKED -> SOLVER_LOCKED -> EXECUTING -> COMPLETE; FAILED and TIMED_OUT from any "
        + "non-terminal status. COMPLETE, FAILED and TIMED_OUT are terminal.")
public enum SettlementStatus {
    PENDING, USER_LOCKED, SOLVER_LOCKED, EXECUTING, COMPLETE, FAILED, TIMED_OUT;

    /** The transition table: the happy path one step at a time, FAILED and TIMED_OUT from any active status. */
    private static final Map<SettlementStatus, Set<SettlementStatus>> NEXT = new EnumMap<>(SettlementStatus.class);

    static {
        NEXT.put(PENDING, EnumSet.of(USER_LOCKED, FAILED, TIMED_OUT));
        NEXT.put(USER_LOCKED, EnumSet.of(SOLVER_LOCKED, FAILED, TIMED_OUT));
        NEXT.put(SOLVER_LOCKED, EnumSet.of(EXECUTING, FAILED, TIMED_OUT));
        NEXT.put(EXECUTING, EnumSet.of(COMPLETE, FAILED, TIMED_OUT));
        NEXT.put(COMPLETE, EnumSet.noneOf(SettlementStatus.class));
        NEXT.put(FAILED, EnumSet.noneOf(SettlementStatus.class));
        NEXT.put(TIMED_OUT, EnumSet.noneOf(SettlementStatus.class));
    }

    /** Statuses a settlement can still leave; they count towards solver capacity and one-active-per-intent. */
    public static final Set<SettlementStatus> ACTIVE =
            Collections.unmodifiableSet(EnumSet.of(PENDING, USER_LOCKED, SOLVER_LOCKED, EXECUTING));

    public static final Set<SettlementStatus> TERMINAL =
            Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.copyOf(ACTIVE)));

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    public boolean canMoveTo(SettlementStatus next) {
        return NEXT.get(this).contains(next);
    }
}
