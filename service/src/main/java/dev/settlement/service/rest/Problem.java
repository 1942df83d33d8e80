package dev.settlement.service.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem details body, plus the machine-readable {@code code} and, for validation, each bad field. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details, with a machine-readable code. Never a stack trace.")
public record Problem(
        @Schema(required = true, format = "uri-reference", examples = "about:blank") String type,
        @Schema(required = true, description = "The code's title in words", examples = "Not found") String title,
        @Schema(required = true, minimum = "400", maximum = "599", description = "The HTTP status") int status,
        @Schema(required = true, description = "What went wrong with this request") String detail,
        @Schema(required = true) ProblemCode code,
        @Schema(description = "For VALIDATION_FAILED: each bad field (a JSON path such as inputAsset.amount, or a "
                + "query parameter or header name) and what it must be") Map<String, String> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    static Response response(ProblemCode code, String detail, Map<String, String> errors) {
        return Response.status(code.status()).type(MEDIA_TYPE).entity(of(code, detail, errors)).build();
    }

    /**
     * Ends a response with this problem below the REST layer (HTTP filters, security), where no exception mapper
     * runs; headers set before stay.
     */
    public static void end(HttpServerResponse response, ProblemCode code, String detail) {
        response.setStatusCode(code.status()).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
                .end(io.vertx.core.json.Json.encode(of(code, detail, Map.of()))); // not rest.Json, the request shapes
    }

    private static Problem of(ProblemCode code, String detail, Map<String, String> errors) {
        return new Problem("about:blank", code.title(), code.status(), detail, code, errors);
    }
}
