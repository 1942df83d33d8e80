package dev.settlement.service.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.settlement.api.ErrorCode;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** An RFC 9457 problem details body, plus the machine-readable {@code code} and, for validation, each bad field. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, Map<String, String> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    static Response response(ErrorCode code, String detail, Map<String, String> errors) {
        Problem problem = new Problem("about:blank", code.title(), code.httpStatus(), detail, code.name(), errors);
        return Response.status(code.httpStatus()).type(MEDIA_TYPE).entity(problem).build();
    }
}
