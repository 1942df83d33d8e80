package dev.settlement.api;

/** The rules a deployment chooses (settlement.* configuration keys). */
public record SettlementPolicy(long defaultTimeoutSecs, int maxConcurrentPerSolver, long stuckThresholdSecs) {

    public static final SettlementPolicy DEFAULTS = new SettlementPolicy(1800, 10, 3600);

    public SettlementPolicy {
        if (defaultTimeoutSecs <= 0 || maxConcurrentPerSolver <= 0 || stuckThresholdSecs < 0) {
            throw new IllegalArgumentException("default timeout and solver capacity must be positive, "
                    + "the stuck threshold not negative: " + defaultTimeoutSecs + ", " + maxConcurrentPerSolver
                    + ", " + stuckThresholdSecs);
        }
    }
}
