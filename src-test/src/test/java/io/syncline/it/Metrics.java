package io.syncline.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * A scraper of Syncline's Prometheus endpoint, {@code syncline/metrics} of an application, as
 * Prometheus reads it: without credentials.
 */
final class Metrics {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // as a browser: no h2c
    private final URI endpoint;

    /** The endpoint of the application at {@code contextPath} ("" for the demo at /, "notes/" for the sample). */
    Metrics(String contextPath) {
        this(Server.baseUri(), contextPath);
    }

    /** The endpoint of the application at {@code contextPath} of the server at {@code base} (one node of a cluster). */
    Metrics(URI base, String contextPath) {
        this.endpoint = base.resolve(contextPath + "syncline/metrics");
    }

    HttpResponse<String> get() {
        try {
            return http.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One scrape: each sample by its name with its labels as written ({@code syncline_resets_total{reason="offset-expired"}}). */
    Sample scrape() {
        HttpResponse<String> response = get();
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + endpoint + ": HTTP " + response.statusCode() + " " + response.body());
        }
        Map<String, Double> values = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Sample(values);
    }

    /**
     * The pipeline's counters and queue gauges of the application at {@code contextPath}, as one
     * line for a failure message (or why they could not be read).
     */
    static String pipeline(String contextPath) {
        try {
            Map<String, Double> values = new Metrics(contextPath).scrape().values();
            return values.keySet().stream().sorted()
                    .filter(name -> name.startsWith("syncline_changes_") || name.startsWith("syncline_journal_lag")
                            || name.startsWith("syncline_send_queue") || name.startsWith("syncline_sessions")
                            || name.startsWith("syncline_subscriptions") || name.startsWith("syncline_sequencer_leader"))
                    .map(name -> name.replaceFirst("^syncline_", "") + "=" + Math.round(values.get(name)))
                    .collect(java.util.stream.Collectors.joining(", ", "meters: ", ""));
        } catch (RuntimeException | AssertionError e) {
            return "meters could not be read: " + e;
        }
    }

    record Sample(Map<String, Double> values) {
        double get(String name) {
            Double value = values.get(name);
            if (value == null) {
                throw new AssertionError("no sample " + name + " in " + values.keySet());
            }
            return value;
        }

        /** How much {@code name} grew since {@code before}. */
        long since(Sample before, String name) {
            return Math.round(get(name) - before.get(name));
        }
    }
}
