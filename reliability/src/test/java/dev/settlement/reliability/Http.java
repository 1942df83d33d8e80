package dev.settlement.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small JSON client for the service under test. Every request has a deadline, so a hanging server shows as a
 * timeout (an {@link IOException}) instead of a hanging test.
 */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String base;
    private final Duration timeout;

    /** The answer, with how long it took from sending to the last byte. */
    record Reply(int status, String body, HttpResponseHeaders headers, long millis) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's {@code code}, or null when the body is not a problem. */
        String code() {
            try {
                JsonNode code = JSON.readTree(body).get("code");
                return code == null ? null : code.asText();
            } catch (IOException e) {
                return null;
            }
        }

        String header(String name) {
            return headers.first(name);
        }
    }

    /** Response headers, looked up case-insensitively. */
    record HttpResponseHeaders(java.net.http.HttpHeaders raw) {
        String first(String name) {
            return raw.firstValue(name).orElse(null);
        }
    }

    Http(String base, Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.base = base;
        this.timeout = timeout;
    }

    String base() {
        return base;
    }

    Reply get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply post(String path, Object body) throws IOException {
        return post(path, body, Map.of());
    }

    /** POSTs {@code body} (a JSON string as is, anything else serialized by Jackson) with extra headers. */
    Reply post(String path, Object body, Map<String, String> headers) throws IOException {
        String json = body instanceof String text ? text : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request);
    }

    private Reply send(HttpRequest.Builder request) throws IOException {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), new HttpResponseHeaders(response.headers()),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
