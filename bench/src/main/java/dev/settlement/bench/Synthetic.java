package dev.settlement.bench;

import dev.settlement.api.Asset;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StateTransition;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the query-scaling data set, a pure function of their number: a realistic mix (70% COMPLETE, 10% FAILED,
 * 5% TIMED_OUT, 15% spread over the four active statuses), each with the history its status implies, 10 settlements
 * created per second, 100 solvers, 1000 users, one intent each. Active settlements expire 30 minutes after creation,
 * so most of them count as stuck now.
 */
final class Synthetic {
    static final int SOLVERS = 100;
    static final int USERS = 1000;
    static final int PER_SECOND = 10;
    private static final Asset INPUT = new Asset("cosmoshub-4", "uatom", new BigInteger("340282366920938463463374607"));
    private static final Asset OUTPUT = new Asset("osmosis-1", "uosmo", BigInteger.valueOf(5_000_000));
    private static final SettlementStatus[] PATH = {SettlementStatus.PENDING, SettlementStatus.USER_LOCKED,
            SettlementStatus.SOLVER_LOCKED, SettlementStatus.EXECUTING, SettlementStatus.COMPLETE};

    /** Creation time of row 0; row 1M is created 100 000 s later, still before now. */
    private final long base;

    Synthetic(long now) {
        this.base = now - 1_000_000 / PER_SECOND - 7200;
    }

    static String id(long i) {
        return String.format("q%09d", i);
    }

    static String solver(long i) {
        return "solver-" + (i % SOLVERS);
    }

    static String intent(long i) {
        return "intent-" + i;
    }

    long createdAt(long i) {
        return base + i / PER_SECOND;
    }

    static SettlementStatus status(long i) {
        int bucket = (int) (Long.hashCode(i * 0x9E3779B97F4A7C15L) & 0x7fffffff) % 100;
        if (bucket < 70) {
            return SettlementStatus.COMPLETE;
        } else if (bucket < 80) {
            return SettlementStatus.FAILED;
        } else if (bucket < 85) {
            return SettlementStatus.TIMED_OUT;
        } else if (bucket < 89) {
            return SettlementStatus.PENDING;
        } else if (bucket < 92) {
            return SettlementStatus.USER_LOCKED;
        } else if (bucket < 95) {
            return SettlementStatus.SOLVER_LOCKED;
        }
        return SettlementStatus.EXECUTING;
    }

    /** How many steps along the happy path the row got before its final status. */
    private static int steps(SettlementStatus status) {
        return switch (status) {
            case PENDING, TIMED_OUT -> 0;
            case USER_LOCKED -> 1;
            case SOLVER_LOCKED, FAILED -> 2;
            case EXECUTING -> 3;
            case COMPLETE -> 4;
        };
    }

    Settlement settlement(long i) {
        SettlementStatus status = status(i);
        int steps = steps(status);
        long created = createdAt(i);
        long updated = created + 5L * (steps + (status.isTerminal() && status != SettlementStatus.COMPLETE ? 1 : 0));
        return new Settlement(id(i), intent(i), solver(i), "cosmos1user" + (i % USERS), INPUT, OUTPUT, status,
                steps >= 1 ? "escrow-" + i : null, steps >= 2 ? "bond-" + i : null, steps >= 3 ? i : null,
                created, updated, created + 1800, status == SettlementStatus.COMPLETE ? updated : null,
                status == SettlementStatus.FAILED ? "solver never delivered" : null,
                1 + transitions(i).size());
    }

    List<StateTransition> transitions(long i) {
        SettlementStatus status = status(i);
        int steps = steps(status);
        long created = createdAt(i);
        List<StateTransition> history = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            history.add(new StateTransition(s, PATH[s - 1], PATH[s], created + 5L * s, "step " + s, "0x" + i + s,
                    "solver-api"));
        }
        if (status == SettlementStatus.FAILED || status == SettlementStatus.TIMED_OUT) {
            history.add(new StateTransition(steps + 1, PATH[steps], status, created + 5L * (steps + 1),
                    status == SettlementStatus.FAILED ? "Failed: solver never delivered" : "Timed out", null,
                    status == SettlementStatus.FAILED ? "solver-api" : StateTransition.SYSTEM));
        }
        return history;
    }
}
