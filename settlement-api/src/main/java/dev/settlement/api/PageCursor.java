package dev.settlement.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A position in a keyset-ordered list: "strictly after ({@code key}, {@code id})". {@code key} is the
 * settlement's creation time for lists and its expiry for stuck queries; both never change, so a page boundary
 * stays put while records change status and paging yields no duplicates or gaps.
 */
public record PageCursor(long key, String id) {

    /** Which order a cursor belongs to; part of the token so a list cursor cannot be fed to a stuck query. */
    public enum Order {
        CREATION('c'), EXPIRY('e'),
        /** Webhook endpoints: (createdAt, endpoint id). */
        WEBHOOK('w'),
        /** An endpoint's deliveries: (event sequence, endpoint id). */
        DELIVERY('d');

        private final char tag;

        Order(char tag) {
            this.tag = tag;
        }
    }

    public boolean isBefore(long otherKey, String otherId) {
        return key < otherKey || (key == otherKey && id.compareTo(otherId) < 0);
    }

    /** The opaque token handed to clients as {@code nextCursor}. */
    public String encode(Order order) {
        String plain = order.tag + ":" + key + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a token from {@link #encode}; null or empty means "from the start". */
    public static PageCursor decode(String token, Order order) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length == 3 && parts[0].length() == 1 && parts[0].charAt(0) == order.tag
                    && Validation.IDENTIFIER.matcher(parts[2]).matches()) {
                return new PageCursor(Long.parseLong(parts[1]), parts[2]);
            }
        } catch (IllegalArgumentException malformed) {
            // reported below, the same way as a token of the wrong order
        }
        throw SettlementException.invalidFields(Map.of("cursor", "is not a cursor returned by this query"));
    }
}
