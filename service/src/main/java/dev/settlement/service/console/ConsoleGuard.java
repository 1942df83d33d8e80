package dev.settlement.service.console;

import dev.settlement.service.rest.ProblemCode;
import dev.settlement.service.rest.RequestRefused;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * What keeps the console's pages from being turned against their users: every console response says that only this
 * origin's scripts and styles may run ({@value #POLICY}), so markup that slipped into a page could not execute, and
 * may not be framed or cached. And cross-site request forgery protection for the console's actions (double-submit cookie with a custom header): a
 * console page sets a random token in an HttpOnly, SameSite=Strict cookie limited to /console and writes the same
 * token into the page, whose htmx requests send it back as {@value #HEADER}. A change is accepted only when header and
 * cookie match, and, when the browser names an {@code Origin}, only from this host. Another site can neither read the
 * token nor send a custom header without a CORS grant, which the service never gives; that matters most with
 * authentication off, where no credential stops a forged request. Both run for the console's resources only
 * ({@link ConsoleRequest}).
 *
 * <p>Not quarkus-rest-csrf: its filter runs on every request of the service (a JSON POST to the API would need
 * {@code require-form-url-encoded=false}) and creates tokens only on exact paths, so a bookmarked settlement page would
 * have none.
 */
@ApplicationScoped
public class ConsoleGuard {
    static final String COOKIE = "console_csrf";
    static final String HEADER = "X-Console-Csrf";
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String NEW_TOKEN = "console.csrf.new";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private final SecureRandom random = new SecureRandom();

    @ServerRequestFilter
    @ConsoleRequest
    public void check(ContainerRequestContext request, RoutingContext routing) {
        Cookie cookie = routing.request().getCookie(COOKIE);
        if (SAFE.contains(request.getMethod())) {
            if (cookie == null) {
                byte[] token = new byte[32];
                random.nextBytes(token);
                routing.put(NEW_TOKEN, Base64.getUrlEncoder().withoutPadding().encodeToString(token));
            }
            return;
        }
        String origin = request.getHeaderString("Origin");
        if (origin != null && !sameHost(origin, request.getHeaderString("Host"))) {
            throw refused("the request came from another site (" + origin + ")");
        }
        String sent = request.getHeaderString(HEADER);
        if (cookie == null || sent == null || !MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8))) {
            throw refused("the console's request token is missing or stale: reload the page and try again");
        }
    }

    @ServerResponseFilter
    @ConsoleRequest
    public void issue(RoutingContext routing) {
        routing.response().putHeader("Content-Security-Policy", POLICY).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin").putHeader("Cache-Control", "no-store");
        String token = routing.get(NEW_TOKEN);
        if (token != null) {
            routing.response().addCookie(Cookie.cookie(COOKIE, token).setPath(ConsolePaths.ROOT).setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT).setSecure(routing.request().isSSL()));
        }
    }

    /** The token this request's page carries: the browser's, or the one this response is about to set. */
    String token(RoutingContext routing) {
        String fresh = routing.get(NEW_TOKEN);
        if (fresh != null) {
            return fresh;
        }
        Cookie cookie = routing.request().getCookie(COOKIE);
        return cookie == null ? "" : cookie.getValue();
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && (host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(uri.getHost()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static RequestRefused refused(String why) {
        return new RequestRefused(ProblemCode.FORBIDDEN, "Cross-site request refused: " + why);
    }
}
