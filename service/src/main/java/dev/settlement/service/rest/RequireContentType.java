package dev.settlement.service.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request to an endpoint that takes a JSON body must say so: without any Content-Type the body would otherwise be
 * read as JSON on a guess. Refused with 415 UNSUPPORTED_MEDIA_TYPE, as a wrong Content-Type is.
 */
public class RequireContentType {

    @ServerRequestFilter
    public Response refuseMissingContentType(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(Consumes.class)
                && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
            return Problem.response(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "The request has no Content-Type: send the body as application/json", Map.of());
        }
        return null;
    }
}
