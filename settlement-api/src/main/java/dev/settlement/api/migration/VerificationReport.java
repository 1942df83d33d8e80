package dev.settlement.api.migration;

import dev.settlement.api.SettlementStatus;
import java.util.List;
import java.util.Map;

/**
 * Source and target compared: every settlement and its whole history field by field, in creation order, plus the
 * counts per status and a SHA-256 over the canonical form of everything on each side ({@link CanonicalForm}).
 * {@code mismatches} holds the first few differences, by id; {@code mismatchCount} counts them all.
 */
public record VerificationReport(long sourceSettlements, long targetSettlements,
                                 Map<SettlementStatus, Long> sourceCounts, Map<SettlementStatus, Long> targetCounts,
                                 String sourceChecksum, String targetChecksum,
                                 long mismatchCount, List<String> mismatches) {

    public VerificationReport {
        sourceCounts = Map.copyOf(sourceCounts);
        targetCounts = Map.copyOf(targetCounts);
        mismatches = List.copyOf(mismatches);
    }

    /** Both sides hold the same settlements with the same histories. */
    public boolean matches() {
        return mismatchCount == 0 && sourceCounts.equals(targetCounts) && sourceChecksum.equals(targetChecksum);
    }
}
