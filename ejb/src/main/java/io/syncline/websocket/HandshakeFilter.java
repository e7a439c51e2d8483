package io.syncline.websocket;

import io.syncline.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Guards the WebSocket handshake at {@code /sync}, before its upgrade, whatever the application's
 * own security does: a handshake without an authenticated user is refused with 401
 * {@code {"code":"unauthorized"}}, one whose {@code Origin} is neither the server's own nor in
 * {@code syncline.allowed-origins} with 403 {@code {"code":"forbidden-origin"}}. A handshake
 * without {@code Origin} (a programmatic client) passes the origin check.
 */
@WebFilter(urlPatterns = "/sync", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    @Inject
    Settings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin != null && !allowed(origin, request)) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden-origin", "requests from this Origin are not allowed");
            return;
        }
        if (request.getUserPrincipal() == null) {
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "the WebSocket needs an authenticated user");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean allowed(String origin, HttpServletRequest request) {
        String own = request.getScheme() + "://" + request.getHeader("Host");
        return origin.equalsIgnoreCase(own) || settings.allowedOrigins().contains(origin.toLowerCase(Locale.ROOT));
    }

    private static void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] body = ("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
