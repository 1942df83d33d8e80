package dev.settlement.api;

import java.math.BigInteger;

/** Amounts on Cosmos chains are unsigned 128-bit integers; Java has none, so they travel as {@link BigInteger}. */
public final class Uint128 {
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private Uint128() {
    }

    public static boolean isValid(BigInteger value) {
        return value != null && value.signum() >= 0 && value.compareTo(MAX) <= 0;
    }
}
