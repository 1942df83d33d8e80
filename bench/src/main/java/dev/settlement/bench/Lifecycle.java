package dev.settlement.bench;

import dev.settlement.api.Asset;
import dev.settlement.api.NewSettlement;
import dev.settlement.api.SettlementEvent;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementOutcome;
import dev.settlement.api.SettlementStatus;
import java.math.BigInteger;
import java.util.List;

/**
 * The unit of every throughput figure: create + USER_LOCKED + SOLVER_LOCKED + IBC_TRANSFER_STARTED + complete
 * (SUCCESS), five writes and four history rows. One caller owns one solver and has one settlement active at a time,
 * so the intent and capacity rules are checked on every create but never refuse one.
 *
 * @param run    distinguishes the runs of one benchmark, so ids never repeat
 * @param caller the closed-loop caller
 * @param n      the caller's lifecycle number
 */
public record Lifecycle(String run, int caller, long n) {
    public static final Asset INPUT = new Asset("cosmoshub-4", "uatom", BigInteger.valueOf(1_000_000));
    public static final Asset OUTPUT = new Asset("osmosis-1", "uosmo", BigInteger.valueOf(5_000_000));
    public static final BigInteger DELIVERED = BigInteger.valueOf(5_000_000);

    /** Who the store path records as the actor of each change. */
    public static final String ACTOR = "bench";

    public String id() {
        return run + "-" + caller + "-" + n;
    }

    public String intentId() {
        return "intent-" + id();
    }

    public String solverId() {
        return "solver-" + run + "-" + caller;
    }

    public String userAddress() {
        return "cosmos1user" + caller;
    }

    public String escrowId() {
        return "escrow-" + id();
    }

    public String bondId() {
        return "bond-" + id();
    }

    public long ibcSequence() {
        return n + 1;
    }

    public String txHash(int step) {
        return "0x" + Integer.toHexString(caller) + "0" + Long.toHexString(n) + "0" + step;
    }

    /**
     * The four status changes after create, as the manager records them (same details text, same tx hashes), for the
     * raw baselines that write the same rows without the manager.
     */
    public List<Step> steps() {
        return List.of(
                new Step(1, SettlementStatus.PENDING, SettlementStatus.USER_LOCKED,
                        "User funds locked in escrow " + escrowId(), txHash(1)),
                new Step(2, SettlementStatus.USER_LOCKED, SettlementStatus.SOLVER_LOCKED,
                        "Solver bond " + bondId() + " locked", txHash(2)),
                new Step(3, SettlementStatus.SOLVER_LOCKED, SettlementStatus.EXECUTING,
                        "IBC transfer started, packet sequence " + ibcSequence(), txHash(3)),
                new Step(4, SettlementStatus.EXECUTING, SettlementStatus.COMPLETE,
                        "Settlement complete, output delivered: " + DELIVERED, txHash(4)));
    }

    /** One status change; the record's version after it is {@code sequence + 1}. */
    public record Step(int sequence, SettlementStatus from, SettlementStatus to, String details, String txHash) {
        public long versionAfter() {
            return sequence + 1;
        }
    }

    /** The lifecycle through the real path, {@link SettlementManager}, as the REST resources call it. */
    public void runOn(SettlementManager manager) {
        manager.create(new NewSettlement(id(), intentId(), solverId(), userAddress(), INPUT, OUTPUT, null));
        manager.advance(id(), new SettlementEvent.UserLocked(escrowId(), txHash(1)), null, ACTOR);
        manager.advance(id(), new SettlementEvent.SolverLocked(bondId(), txHash(2)), null, ACTOR);
        manager.advance(id(), new SettlementEvent.IbcTransferStarted(ibcSequence(), txHash(3)), null, ACTOR);
        manager.complete(id(), new SettlementOutcome.Success(DELIVERED, txHash(4)), null, ACTOR);
    }
}
