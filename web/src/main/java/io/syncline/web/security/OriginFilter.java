package io.syncline.web.security;

import io.syncline.web.api.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses requests — the WebSocket handshake before its upgrade, and REST calls — whose
 * {@code Origin} is not allowed, with 403 {@code {"code":"forbidden-origin","message"}}. Allowed:
 * the server's own origin, and the origins in {@code -Dsyncline.allowed-origins} (comma-separated,
 * e.g. {@code https://app.example.com}). Requests without {@code Origin} (programmatic clients) pass.
 */
@WebFilter(urlPatterns = {"/sync", "/api/*"})
public class OriginFilter extends HttpFilter {

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

    private static boolean allowed(String origin, HttpServletRequest request) {
        String own = request.getScheme() + "://" + request.getHeader("Host");
        return origin.equalsIgnoreCase(own) || configured().contains(origin.toLowerCase(java.util.Locale.ROOT));
    }

    private static Set<String> configured() {
        return Arrays.stream(System.getProperty("syncline.allowed-origins", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toSet());
    }
}
