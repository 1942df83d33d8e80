package dev.settlement.service.console;

import dev.settlement.api.Asset;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the console shows values: times in UTC, amounts as grouped digits with their denom, statuses as words and CSS
 * classes, text for URLs. Qute escapes every value it writes into the HTML; these only shape it.
 */
@TemplateExtension
final class ConsoleFormat {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private ConsoleFormat() {
    }

    /** Unix epoch seconds as {@code 2026-11-30 12:00:00Z}. */
    static String utc(long epochSeconds) {
        return UTC.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** {@code 1,000,000 uatom on cosmoshub-4}: the Uint128 exact, in groups of three. */
    static String readable(Asset asset) {
        return String.format("%,d", asset.amount()) + " " + asset.denom();
    }

    /** The CSS class of a status: failures and time-outs stand out, completed ones are calm. */
    static String css(SettlementStatus status) {
        return switch (status) {
            case FAILED, TIMED_OUT -> "bad";
            case COMPLETE -> "good";
            default -> "active";
        };
    }

    static boolean failedOrTimedOut(Settlement settlement) {
        return settlement.status() == SettlementStatus.FAILED || settlement.status() == SettlementStatus.TIMED_OUT;
    }

    /** For a query parameter's value. */
    static String urlEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
