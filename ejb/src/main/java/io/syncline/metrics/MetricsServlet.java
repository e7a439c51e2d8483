package io.syncline.metrics;

import io.syncline.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves Syncline's meters in Prometheus' text format at {@code /syncline/metrics} of the
 * application's web module, or answers 404 when {@code syncline.metrics.enabled} is false. They are
 * counts only, no data and no user names; the application restricts the path with a security
 * constraint where it must (see README, "Metrics").
 */
@WebServlet(urlPatterns = MetricsServlet.PATH)
public class MetricsServlet extends HttpServlet {

    public static final String PATH = "/syncline/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Settings settings;

    @Inject
    SynclineMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!settings.metricsEnabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
