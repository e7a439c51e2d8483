package io.syncline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.config.Settings;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint serves the registry as Prometheus text, or nothing at all when switched off. */
class MetricsServletTest {

    private final MetricsServlet servlet = new MetricsServlet();
    private final Map<String, Object> response = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Test
    void servesTheMetersAsPrometheusText() throws Exception {
        serve(true);

        assertThat(response).containsEntry("setContentType", "text/plain; version=0.0.4; charset=utf-8")
                .doesNotContainKey("sendError");
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("# TYPE syncline_sessions gauge");
    }

    @Test
    void switchedOffItAnswers404AndShowsNothing() throws Exception {
        serve(false);

        assertThat(response).containsEntry("sendError", 404);
        assertThat(body.size()).isZero();
    }

    private void serve(boolean enabled) throws Exception {
        servlet.settings = new Settings() {
            @Override
            public boolean metricsEnabled() {
                return enabled;
            }
        };
        servlet.metrics = new SynclineMetrics();
        servlet.metrics.create();
        servlet.doGet(null, fakeResponse());
    }

    private HttpServletResponse fakeResponse() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getOutputStream")) {
                        return out;
                    }
                    if (args != null && args.length == 1) {
                        response.put(method.getName(), args[0]);
                    }
                    return null;
                });
    }
}
