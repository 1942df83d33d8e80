package dev.settlement.api;

import java.math.BigInteger;

/** An amount of one denomination on one chain. {@code amount} is a Uint128 (checked by {@link Validation}). */
public record Asset(String chainId, String denom, BigInteger amount) {
}
