package io.syncline.demo.security;

import io.syncline.demo.api.ApiError;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses REST calls whose {@code Origin} is not allowed (Syncline's own filter guards the
 * WebSocket handshake at {@code /sync} the same way), with 403 {@code {"code":"forbidden-origin","message"}}. Allowed:
 * the server's own origin, and the origins in {@code syncline.allowed-origins} (comma-separated,
 * e.g. {@code https://app.example.com}). Requests without {@code Origin} (programmatic clients) pass.
 */
@WebFilter(urlPatterns = "/api/*")
public class OriginFilter extends HttpFilter {

    /** The same setting as Syncline's handshake check. */
    @Inject
    @ConfigProperty(name = "syncline.allowed-origins")
    Optional<String> allowedOrigins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin != null && !allowed(origin, request)) {
            new ApiError("forbidden-origin", "requests from this Origin are not allowed")
                    .send(response, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean allowed(String origin, HttpServletRequest request) {
        String own = request.getScheme() + "://" + request.getHeader("Host");
        return origin.equalsIgnoreCase(own) || allowedOrigins.stream().flatMap(list -> Arrays.stream(list.split(",")))
                .anyMatch(allowed -> allowed.trim().equalsIgnoreCase(origin));
    }
}
