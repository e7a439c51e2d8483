package io.syncline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the server's Prometheus metrics text when {@code bench.load.metrics.url} names it, so the
 * report can carry what the server counted beside what the client measured. Nothing when unset.
 */
final class MetricsHook {

    private final String url;

    MetricsHook(String url) {
        this.url = url;
    }

    /** The metrics text, or null when no URL is set or it does not answer (said on stdout). */
    String fetch() {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return response.body();
            }
            System.out.println("metrics at " + url + ": HTTP " + response.statusCode());
        } catch (java.io.IOException e) {
            System.out.println("metrics at " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
