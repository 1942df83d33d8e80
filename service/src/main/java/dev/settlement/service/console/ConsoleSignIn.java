package dev.settlement.service.console;

import dev.settlement.service.config.SettlementConfig;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Signing in to the console with authentication on: the operator pastes a JWT (the same token the API takes); a token
 * that verifies is kept in an HttpOnly, SameSite=Strict cookie limited to /console until it expires, never in a URL.
 * SmallRye JWT reads that cookie on console requests ({@code mp.jwt.token.cookie}) and verifies it on every one, so
 * the console's roles are the API's. With authentication off there is nobody to sign in.
 */
@ConsoleRequest
@Path(ConsolePaths.ROOT)
@Produces(MediaType.TEXT_HTML)
public class ConsoleSignIn {
    /** The cookie that carries the console's token (application.properties names it to SmallRye JWT too). */
    public static final String COOKIE = "settlement_console";

    private final Instance<JWTParser> parser;
    private final ConsoleFrames frames;
    private final boolean authEnabled;

    public ConsoleSignIn(Instance<JWTParser> parser, ConsoleFrames frames, SettlementConfig config) {
        this.parser = parser;
        this.frames = frames;
        this.authEnabled = config.auth().enabled();
    }

    @GET
    @Path("login")
    public Response page(RoutingContext routing) {
        if (!authEnabled) {
            return Response.seeOther(URI.create(ConsolePaths.ROOT)).build();
        }
        return Response.ok(ConsoleTemplates.login(frames.anonymous(routing, "Sign in"), null)).build();
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(RoutingContext routing, @FormParam("token") String token) {
        if (!authEnabled) {
            return redirect(ConsolePaths.ROOT);
        }
        JsonWebToken verified;
        try {
            verified = parser.get().parse(token == null ? "" : token.trim());
        } catch (ParseException e) {
            TemplateInstance page = ConsoleTemplates.login(frames.anonymous(routing, "Sign in"),
                    "That token was not accepted: it must be a JWT signed with the service's key, from its issuer, "
                            + "and not expired.");
            return Response.status(Response.Status.UNAUTHORIZED).entity(page).build();
        }
        // the system clock, as SmallRye JWT's when it checks expiry
        long lifetime = verified.getExpirationTime() - System.currentTimeMillis() / 1000;
        routing.response().addCookie(Cookie.cookie(COOKIE, token.trim()).setPath(ConsolePaths.ROOT).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(routing.request().isSSL()).setMaxAge(lifetime));
        return redirect(ConsolePaths.ROOT);
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(RoutingContext routing) {
        routing.response().addCookie(expired());
        return redirect(authEnabled ? ConsolePaths.LOGIN : ConsolePaths.ROOT);
    }

    /**
     * Answers a console request that has no valid token: a page goes to the sign-in page (an htmx request is told to,
     * an event stream is refused), and a token that no longer verifies is dropped.
     */
    public static void challenge(RoutingContext routing) {
        if (routing.request().getCookie(COOKIE) != null) {
            routing.response().addCookie(expired());
        }
        if (routing.request().getHeader("HX-Request") != null) {
            routing.response().setStatusCode(204).putHeader("HX-Redirect", ConsolePaths.LOGIN).end();
        } else if (MediaType.SERVER_SENT_EVENTS.equals(routing.request().getHeader("Accept"))) {
            routing.response().setStatusCode(401).end();
        } else {
            routing.response().setStatusCode(303).putHeader("Location", ConsolePaths.LOGIN).end();
        }
    }

    private static Cookie expired() {
        return Cookie.cookie(COOKIE, "").setPath(ConsolePaths.ROOT).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setMaxAge(0);
    }

    /** htmx follows HX-Redirect with a full page load. */
    private static Response redirect(String path) {
        return Response.noContent().header("HX-Redirect", path).build();
    }
}
