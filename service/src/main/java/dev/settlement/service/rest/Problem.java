package dev.settlement.service.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** An RFC 9457 problem details body, plus the machine-readable {@code code} and, for validation, each bad field. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, Map<String, String> errors) {
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
        return new Problem("about:blank", code.title(), code.status(), detail, code.name(), errors);
    }
}
