package dev.settlement.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.settlement.testing.HostileText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Random and adversarial requests for every endpoint, from one {@link Random}: a valid request with a few of its
 * parts broken (a field missing, of the wrong type, too long, out of range, unknown, duplicated), or JSON that is
 * deeply nested, huge, truncated, not UTF-8 or not an object; odd Content-Type, If-Match and Accept headers; path
 * segments with encoded slashes, dots, NULs, unicode or thousands of characters; query strings with bad values,
 * bad escapes and repeats; the wrong method.
 */
final class HostileRequests {
    /** A request as it goes on the wire; {@link #toString()} shows it whole (bodies cut at 300 characters). */
    record Request(String method, String target, List<String[]> headers, RawHttp.Body body) {
        @Override
        public String toString() {
            String shown = body.bytes() == null ? "" : new String(body.bytes(), StandardCharsets.UTF_8);
            return method + " " + (target.length() > 300 ? target.substring(0, 300) + "…" : target) + " "
                    + headers.stream().map(h -> h[0] + ": " + h[1]).collect(Collectors.joining("; ")) + " "
                    + (shown.length() > 300 ? shown.substring(0, 300) + "… (" + shown.length() + " chars)" : shown);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ODD_SEGMENTS = {"", "%2F", "%2f..%2f", "..", "%2e%2e", ".", "a%00b", "%00",
        "stuck", "%25", "a;b", "a%3Fb", "%20", "caf%C3%A9", "%F0%9F%92%A9", "%FF%FE", "..%2F..%2Fetc%2Fpasswd",
        "a%0D%0AX-Injected:%201", "%u0041", "null", "-1", "0", "a.b:c-d_e", "x".repeat(129), "y".repeat(5000)};
    private static final String[] ODD_VALUES = Stream.concat(Stream.of("null", "true", "false", "0", "-1", "1.5", "1e400", "-0",
        "340282366920938463463374607431768211456", "99999999999999999999999999999", "\"\"", "\" \"", "\"\\u0000\"",
        "\"\\ud800\"", "\"\\u202e\\u0041\"", "\"caf\u00e9\"", "\"\ud83d\udca9\"", "\"a b\"", "\"\\n\"",
        "\"340282366920938463463374607431768211456\"", "\"-1\"", "\"01\"", "\" 1\"", "\"1.0\"", "\"1e3\"",
        "\"0x10\"", "\"" + "z".repeat(1025) + "\"", "\"" + "z".repeat(257) + "\"", "[]", "[1,2]", "{}",
        "{\"a\":1}", "\"PENDING\"", "\"USER_LOCKED\"", "\"SUCCESS\"", "\"TIMEOUT\"", "\"<script>\"",
        "\"'; DROP TABLE settlements; --\"", "\"../../x\"", "9223372036854775808", "-9223372036854775809",
        "9007199254740993", "1e2", "\"\\\"\""),
            // markup and script breakers, shared with the console's browser tests, as JSON strings
            Stream.concat(HostileText.TOKENS.stream(), HostileText.TEXT.stream()).map(HostileRequests::jsonString))
            .toArray(String[]::new);
    private static final String[] QUERY_KEYS = {"status", "solverId", "intentId", "userAddress", "limit", "cursor",
        "before", "after", "type", "unknown", "", "limit[]", "%zz"};
    private static final String[] QUERY_VALUES = {"", "-1", "0", "1", "1000", "1001", "abc", "99999999999999999999",
        "%zz", "%00", "%", "PENDING", "pending", "COMPLETE", "TIMED_OUT", "eyJ4IjoxfQ", "eyJ4IjoxfQ%3D%3D", "null",
        "caf%C3%A9", "%F0%9F%92%A9", "1e3", "1.5", " ", "%20", "a&b", "v".repeat(5000), "9223372036854775807",
        "-9223372036854775808", "solver-1", "intent-1", "AAAA", "____", "%2B%2F"};
    private static final String[] CONTENT_TYPES = {"text/plain", "application/json; charset=utf-16",
        "application/xml", "application/json; charset=nonsense", "", "*/*", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "application/json, text/plain", "APPLICATION/JSON",
        "application/problem+json", "application/json;;;", "application/ json", "\u00e9/\u00e9"};
    private static final String[] IF_MATCH = {"*", "\"1\"", "W/\"1\"", "\"abc\"", "\"99999999999999999999\"", "1", "",
        "\"-1\"", "\"1\", \"2\"", "\"0\"", "\"2\"", "\"3\"", "\"" + "9".repeat(300) + "\"", "\"", "W/", "\"1"};
    private static final String[] ACCEPT = {"application/json", "application/xml", "text/html", "*/*",
        "application/problem+json", "garbage", "text/plain;q=0.5, application/json;q=0.1", "image/png", "",
        "application/json;q=0", "*/*;q=abc"};
    private static final String[] METHODS_ODD = {"PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"};

    private final Random random;
    private final List<String> ids;

    HostileRequests(Random random, List<String> ids) {
        this.random = random;
        this.ids = ids;
    }

    Request next() {
        return switch (random.nextInt(11)) {
            case 0, 1 -> post("/settlements", createBody());
            case 2, 3 -> post("/settlements/" + id() + "/events", eventBody());
            case 4 -> post("/settlements/" + id() + "/complete", outcomeBody());
            case 5 -> post("/settlements/" + id() + "/fail", mutate("{\"reason\":\"gave up\"}"));
            case 6 -> get("/settlements/" + id() + (random.nextBoolean() ? "" : "/history"));
            case 7 -> get((random.nextBoolean() ? "/settlements" : "/settlements/stuck") + query());
            case 8 -> get(pick(new String[] {"/intents/" + (random.nextBoolean() ? "intent-" + random.nextInt(6)
                    : pick(ODD_SEGMENTS)) + "/settlement", "/webhooks/" + webhookId(),
                "/webhooks/" + webhookId() + "/deliveries" + query(), "/events" + query(), "/webhooks" + query()}));
            case 9 -> random.nextInt(4) == 0 ? post("/recovery/run", random.nextBoolean() ? "" : mutate("{}"))
                    : wrongMethod();
            default -> new Request("POST", path() + (random.nextBoolean() ? "" : query()), headers(true),
                    RawHttp.Body.of(randomJson()));
        };
    }

    private Request post(String path, String body) {
        return new Request("POST", path, headers(true), random.nextInt(20) == 0
                ? new RawHttp.Body(body.getBytes(StandardCharsets.UTF_8), true, null) : RawHttp.Body.of(body));
    }

    private Request get(String target) {
        return new Request("GET", target, headers(false), RawHttp.Body.none());
    }

    private Request wrongMethod() {
        String method = pick(METHODS_ODD);
        return new Request(method, path(), headers(true), method.equals("HEAD") || method.equals("TRACE")
                ? RawHttp.Body.none() : RawHttp.Body.of(createBody()));
    }

    private String path() {
        return pick(new String[] {"/settlements", "/settlements/" + id(), "/settlements/" + id() + "/history",
            "/settlements/" + id() + "/events", "/settlements/" + id() + "/complete", "/settlements/" + id() + "/fail",
            "/settlements/stuck", "/intents/" + id() + "/settlement", "/recovery/run", "/q/health/ready",
            "/settlements/" + id() + "/" + pick(ODD_SEGMENTS), "/" + pick(ODD_SEGMENTS), "//settlements",
            "/settlements/", "/SETTLEMENTS", "/webhooks", "/webhooks/" + webhookId(),
            "/webhooks/" + webhookId() + "/deliveries", "/webhooks/" + webhookId() + "/deliveries/1/retry", "/events"});
    }

    /** A webhook endpoint id: an odd path segment, or one of the right shape that no endpoint has. */
    private String webhookId() {
        return random.nextBoolean() ? pick(ODD_SEGMENTS) : "we_" + "0".repeat(32);
    }

    /** Mostly an existing settlement, sometimes an odd path segment. */
    private String id() {
        return random.nextInt(3) == 0 ? pick(ODD_SEGMENTS) : ids.get(random.nextInt(ids.size()));
    }

    private String query() {
        if (random.nextInt(5) == 0) {
            return "";
        }
        StringBuilder query = new StringBuilder("?");
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            query.append(i > 0 ? "&" : "").append(pick(QUERY_KEYS)).append(random.nextInt(10) == 0 ? "" : "=")
                    .append(pick(QUERY_VALUES));
        }
        return query.toString();
    }

    private List<String[]> headers(boolean withBody) {
        List<String[]> headers = new ArrayList<>();
        if (withBody) {
            int choice = random.nextInt(10);
            if (choice < 7) {
                headers.add(new String[] {"Content-Type", "application/json"});
            } else if (choice < 9) {
                headers.add(new String[] {"Content-Type", pick(CONTENT_TYPES)});
            } else if (random.nextBoolean()) {
                headers.add(new String[] {"Content-Type", "application/json"});
                headers.add(new String[] {"Content-Type", pick(CONTENT_TYPES)});
            }
        }
        if (random.nextInt(3) == 0) {
            headers.add(new String[] {"If-Match", pick(IF_MATCH)});
        }
        if (random.nextInt(3) == 0) {
            headers.add(new String[] {"Accept", pick(ACCEPT)});
        }
        return headers;
    }

    private String createBody() {
        String expiresAt = random.nextBoolean() ? "" : ",\"expiresAt\":" + (System.currentTimeMillis() / 1000 + 600);
        return mutate("{\"id\":\"fz-" + random.nextInt(1_000_000) + "\",\"intentId\":\"fz-intent-" + random.nextInt(50)
                + "\",\"solverId\":\"fz-solver-" + random.nextInt(5) + "\",\"userAddress\":\"cosmos1u\","
                + "\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\",\"amount\":\"1\"},"
                + "\"outputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":\"1\"}" + expiresAt + "}");
    }

    private String eventBody() {
        return mutate(pick(new String[] {"{\"type\":\"USER_LOCKED\",\"escrowId\":\"e\",\"txHash\":\"0x1\"}",
            "{\"type\":\"SOLVER_LOCKED\",\"bondId\":\"b\"}", "{\"type\":\"IBC_TRANSFER_STARTED\",\"sequence\":1}",
            "{\"type\":\"IBC_TRANSFER_COMPLETE\"}", "{\"type\":\"IBC_TRANSFER_FAILED\",\"reason\":\"r\"}"}));
    }

    private String outcomeBody() {
        return mutate(pick(new String[] {"{\"result\":\"SUCCESS\",\"outputDelivered\":\"5\"}",
            "{\"result\":\"FAILURE\",\"reason\":\"r\",\"recoverable\":true}", "{\"result\":\"TIMEOUT\"}"}));
    }

    /**
     * Breaks a valid body in one to three places: a value replaced by an odd one, a field removed, an unknown or a
     * duplicated field, the whole wrapped or cut; one time in eight it is left valid.
     */
    private String mutate(String valid) {
        if (random.nextInt(8) == 0) {
            return valid;
        }
        String body = valid;
        for (int i = 0, n = 1 + random.nextInt(3); i < n && body.length() > 1; i++) {
            List<int[]> values = valueSpans(body);
            switch (random.nextInt(7)) {
                case 0, 1, 2 -> {
                    if (!values.isEmpty()) {
                        int[] span = values.get(random.nextInt(values.size()));
                        body = body.substring(0, span[0]) + pick(ODD_VALUES) + body.substring(span[1]);
                    }
                }
                case 3 -> body = body.replaceFirst("\"[A-Za-z]+\":(\"[^\"]*\"|[0-9]+|true|false),?", "")
                        .replace(",}", "}");
                case 4 -> body = "{\"" + pick(new String[] {"unknown", "ID", "type", "id", "__proto__", ""})
                        + "\":" + pick(ODD_VALUES) + (body.length() > 2 ? "," : "") + body.substring(1);
                case 5 -> body = body.substring(0, body.length() - 1) + "," + body.substring(1);
                default -> body = switch (random.nextInt(3)) {
                    case 0 -> "[" + body + "]";
                    case 1 -> body.substring(0, random.nextInt(body.length()));
                    default -> body + pick(new String[] {"}", "x", " {}", "\u0000", "//"});
                };
            }
        }
        return body;
    }

    /** Where the values of the top-level and nested fields are (strings, numbers, booleans). */
    private static List<int[]> valueSpans(String body) {
        List<int[]> spans = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\"[^\"]*\"|-?[0-9]+|true|false)").matcher(body);
        while (m.find()) {
            spans.add(new int[] {m.start(1), m.end(1)});
        }
        return spans;
    }

    /** JSON (or not) with no relation to any endpoint: nesting, size, encodings, scalars, garbage. */
    private String randomJson() {
        return switch (random.nextInt(10)) {
            case 0 -> "[".repeat(2000 + random.nextInt(50_000)) + "]".repeat(random.nextInt(3));
            case 1 -> "{\"a\":".repeat(1000 + random.nextInt(5000)) + "1" + "}".repeat(random.nextInt(5000));
            case 2 -> "9".repeat(1000 + random.nextInt(60_000));
            case 3 -> "\"" + "\\u0000\\ud800".repeat(1000) + "\"";
            case 4 -> new String(randomBytes(), StandardCharsets.ISO_8859_1);
            case 5 -> pick(new String[] {"", "null", "true", "0", "\"x\"", "[]", "{}", "{", "}", "\ufeff{}", "{/*c*/}",
                "{'id':'x'}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "{\"a\":-}"});
            case 6 -> "{" + "\"k\":1,".repeat(5000) + "\"k\":2}";
            case 7 -> "{\"id\":\"" + "\\\\".repeat(10_000) + "\"}";
            case 8 -> URLEncoder.encode(createBody(), StandardCharsets.UTF_8);
            default -> "{\"amount\":" + "1".repeat(500) + "." + "0".repeat(500) + "e99999999}";
        };
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(2000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String jsonString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
