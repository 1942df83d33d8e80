package dev.settlement.api;

import java.math.BigInteger;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An amount of one denomination on one chain. {@code amount} is a Uint128 (checked by {@link Validation}). */
@Schema(description = "An amount of one denomination on one chain.")
public record Asset(
        @Schema(required = true, pattern = FieldRules.TOKEN, examples = "cosmoshub-4") String chainId,
        @Schema(required = true, pattern = FieldRules.DENOM, examples = "uatom") String denom,
        @Schema(required = true, type = SchemaType.STRING, pattern = FieldRules.UINT128, examples = "1000000",
                description = "Uint128 as a decimal string: 0 to 2^128-1 (340282366920938463463374607431768211455)")
        BigInteger amount) {
}
