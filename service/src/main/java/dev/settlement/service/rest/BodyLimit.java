package dev.settlement.service.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose declared length is over {@code quarkus.http.limits.max-body-size} before it is read, with a
 * 413 problem (the HTTP layer's own refusal has no body). Chunked bodies over the limit are still cut off by it.
 */
@ApplicationScoped
public class BodyLimit {
    void register(@Observes Filters filters,
                  @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long max = limit.asLongValue();
        filters.register(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && isOver(declared, max)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                Problem.end(ctx.response(), ProblemCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + max + " bytes");
            } else {
                ctx.next();
            }
        }, 1000);
    }

    private static boolean isOver(String declared, long max) {
        try {
            return Long.parseLong(declared.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer rejects a malformed Content-Length itself
        }
    }
}
