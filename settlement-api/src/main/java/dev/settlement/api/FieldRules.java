package dev.settlement.api;

/**
 * The field limits of the contract as ECMA-262 patterns, for the OpenAPI document's {@code @Schema} annotations (the
 * service's records and these domain records share them). {@link Validation} enforces the same limits; {@link
 * #isIdentifier} tells a lookup whether an id could exist at all.
 */
public final class FieldRules {
    /** {@code id} and {@code intentId}: they appear in URL paths. Made only of dots is refused too. */
    public static final String IDENTIFIER = "^[A-Za-z0-9._:-]{1,128}$";
    /** {@code solverId}, {@code escrowId}, {@code bondId}, {@code chainId}: printable ASCII, no whitespace. */
    public static final String TOKEN = "^[!-~]{1,128}$";
    /** {@code userAddress}, {@code txHash}. */
    public static final String LONG_TOKEN = "^[!-~]{1,256}$";
    public static final String DENOM = "^[A-Za-z0-9/:._-]{1,128}$";
    /** {@code reason}, {@code details}: 1-1024 characters, not all whitespace. */
    public static final String TEXT = "\\S";
    public static final int MAX_TEXT = 1024;
    /** A Uint128 amount as a decimal string; the bound 2^128-1 is the domain's to check. */
    public static final String UINT128 = "^[0-9]{1,40}$";
    /** Unix epoch seconds up to 9999-12-31T23:59:59Z. */
    public static final String MAX_EPOCH_SECONDS = "253402300799";

    private FieldRules() {
    }

    /**
     * Whether {@code value} has the characters and length of {@link #IDENTIFIER}. Nothing stored has an id or intent id
     * outside it (creation refuses one), so a lookup of such a value can answer not found without asking a store.
     */
    public static boolean isIdentifier(String value) {
        return Validation.IDENTIFIER.matcher(value).matches();
    }
}
