package dev.settlement.service.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Amounts travel as decimal strings (JSON numbers lose precision past 2^53 in most clients), so a JSON number or a
 * string that is not plain digits is refused here; the 2^128-1 bound is the domain's to check.
 */
public class Uint128Deserializer extends JsonDeserializer<BigInteger> {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,40}");

    @Override
    public BigInteger deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING && DIGITS.matcher(parser.getText()).matches()) {
            return new BigInteger(parser.getText());
        }
        return (BigInteger) context.handleWeirdStringValue(BigInteger.class, parser.getText(),
                "must be a decimal string of a whole number from 0 to 2^128-1");
    }
}
