package dev.settlement.api.webhook;

import java.io.IOException;
import java.util.Map;

/** Sends one delivery over HTTP; the service implements it. */
public interface WebhookSender {

    /**
     * POSTs {@code body} with {@code headers} to {@code url}; returns the status the receiver answered.
     * Throws when there was no answer in time (refused, unreachable, timed out) or the target is not allowed.
     */
    int post(String url, Map<String, String> headers, String body) throws IOException;
}
