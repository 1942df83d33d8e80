package dev.settlement.service.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.SettlementException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes a problem details response with its {@link ProblemCode}; nothing reaches a client as a stack
 * trace. Domain errors carry their own code; malformed JSON, unknown fields, wrong types, wrong media types and
 * unknown routes are translated here, and anything unexpected is logged and answered with a bare 500.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response settlement(SettlementException e) {
        if (e.code() == ErrorCode.STORE_UNAVAILABLE) {
            LOG.warnf("%s: %s", e.getMessage(), e.getCause() == null ? "" : e.getCause().toString());
        }
        return Problem.response(ProblemCode.of(e.code()), e.getMessage(), e.fieldErrors());
    }

    @ServerExceptionMapper
    public Response refused(RequestRefused e) {
        return Problem.response(e.code(), e.getMessage(), Map.of());
    }

    @ServerExceptionMapper
    public Response unparsable(JsonParseException e) {
        return Problem.response(ProblemCode.MALFORMED_REQUEST, "The request body is not valid JSON: "
                + e.getOriginalMessage(), Map.of());
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return invalid(path(e), "is not a known field");
    }

    @ServerExceptionMapper
    public Response unknownType(InvalidTypeIdException e) {
        boolean outcome = e.getBaseType() != null && e.getBaseType().getRawClass() == Json.Outcome.class;
        String field = outcome ? "result" : "type";
        String choices = outcome ? "SUCCESS, FAILURE, TIMEOUT"
                : "USER_LOCKED, SOLVER_LOCKED, IBC_TRANSFER_STARTED, IBC_TRANSFER_COMPLETE, IBC_TRANSFER_FAILED";
        String prefix = path(e);
        return invalid(prefix.equals("body") ? field : prefix + "." + field, "must be one of " + choices);
    }

    /** Outranks Quarkus' built-in mapper for this type, which answers with an empty 400. */
    @ServerExceptionMapper
    public Response wrongValue(MismatchedInputException e) {
        return invalid(path(e), expectation(e));
    }

    @ServerExceptionMapper
    public Response unmappable(JsonMappingException e) {
        return invalid(path(e), expectation(e));
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        return Problem.response(ProblemCode.MALFORMED_REQUEST, "The request body could not be read as JSON", Map.of());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonParseException parse) {
            return unparsable(parse);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return json instanceof JsonMappingException mapping ? unmappable(mapping) : otherJson(json);
        }
        int status = e.getResponse().getStatus();
        ProblemCode code = switch (status) {
            case 400 -> ProblemCode.MALFORMED_REQUEST;
            case 404 -> ProblemCode.NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 406 -> ProblemCode.NOT_ACCEPTABLE;
            case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (code == null) {
            LOG.errorf(e, "Unexpected HTTP error %d", status);
            return Problem.response(ProblemCode.INTERNAL_ERROR, "The request could not be processed", Map.of());
        }
        String detail = switch (code) {
            case UNSUPPORTED_MEDIA_TYPE -> "Send the request body as application/json";
            case NOT_FOUND -> "No such resource";
            default -> code.title();
        };
        return Problem.response(code, detail, Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error while handling a request", e);
        return Problem.response(ProblemCode.INTERNAL_ERROR, "The request could not be processed", Map.of());
    }

    private static Response invalid(String field, String problem) {
        return Problem.response(ProblemCode.VALIDATION_FAILED, field + ": " + problem, Map.of(field, problem));
    }

    /** The JSON path of the bad value, e.g. {@code inputAsset.amount}; {@code body} for the document itself. */
    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String expectation(JsonMappingException e) {
        Class<?> target = e instanceof InvalidFormatException format ? format.getTargetType() : null;
        if (target == null && e instanceof MismatchedInputException mismatch) {
            target = mismatch.getTargetType();
        }
        if (target == null) {
            return "has the wrong type";
        }
        if (target == BigInteger.class) {
            return "must be a decimal string of a whole number from 0 to 2^128-1";
        }
        if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
            return "must be a whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (target == String.class) {
            return "must be a string";
        }
        return "must be a JSON object";
    }
}
