package dev.settlement.service.webhook;

import dev.settlement.api.webhook.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/** Sends deliveries with the JDK's HTTP client: no redirects followed, the receiver's answer within the timeout. */
final class HttpWebhookSender implements WebhookSender {
    private final HttpClient client;
    private final Duration timeout;
    private final WebhookTargets targets;

    HttpWebhookSender(Duration timeout, WebhookTargets targets) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.targets = targets;
    }

    @Override
    public int post(String url, Map<String, String> headers, String body) throws IOException {
        String refusal = targets.refusal(url);
        if (refusal != null) {
            throw new IOException("target refused: " + url + " " + refusal);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
