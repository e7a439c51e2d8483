package io.syncline.bench;

import static org.awaitility.Awaitility.await;

import io.syncline.it.PostgresOnly;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import io.syncline.it.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Commit-to-client latency on PostgreSQL, for a change captured by the entity listener (a REST
 * write) and one captured by a trigger (a JDBC write from this program), measured the same way:
 * from the moment the committing call returned to the moment its change frame arrived, one change
 * at a time. {@code mvn verify -Pbenchmark}.
 */
@PostgresOnly
@ExtendWith(ArquillianExtension.class)
class CaptureLatencyBenchmark {

    private static final URI BASE = Server.baseUri();
    private static final int CHANGES = Integer.getInteger("bench.latency.changes", 1000);

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private volatile String closeReason = "open";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return io.syncline.it.BenchmarkDeployment.synclineWithTestkit();
    }

    @Test
    void commitToClientLatency() throws Exception {
        long board = json(post("api/boards", "{\"name\":\"latency\"}")).getJsonNumber("id").longValue();
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice-demo".getBytes()))
                .buildAsync(URI.create(BASE.toString().replaceFirst("^http", "ws")).resolve("sync"), new Arrivals()).join();
        socket.sendText("{\"op\":\"subscribe\",\"id\":\"l\",\"entity\":\"Card\"}", true).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.containsKey("subscribed"));

        Histogram orm = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        Histogram trigger = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        try (Connection sql = DriverManager.getConnection(System.getProperty("syncline.db.url"), "postgres", "postgres")) {
            for (int i = 0; i < CHANGES + 100; i++) {
                boolean warmUp = i < 100;
                String card = json(post("api/boards/" + board + "/cards",
                        "{\"title\":\"orm " + i + "\",\"status\":\"todo\",\"position\":0}")).getJsonNumber("id").toString();
                record(warmUp ? null : orm, card, System.nanoTime());

                long id;
                try (Statement statement = sql.createStatement(); ResultSet next = statement.executeQuery("select nextval('sl_card_seq')")) {
                    next.next();
                    id = next.getLong(1);
                }
                try (Statement statement = sql.createStatement()) {
                    statement.executeUpdate("insert into sl_card (id, board_id, title, status, position, version) values ("
                            + id + ", " + board + ", 'sql " + i + "', 'todo', 0, 1)");
                }
                record(warmUp ? null : trigger, Long.toString(id), System.nanoTime());
            }
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        System.out.printf("%n== Syncline commit-to-client latency, PostgreSQL, %d single-row changes each ==%n", CHANGES);
        print("captured by the entity listener (REST write)", orm);
        print("captured by the trigger (JDBC write)        ", trigger);
        System.out.println();
    }

    private void record(Histogram histogram, String key, long committed) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> arrivals.containsKey(key));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the change of " + key + " did not arrive; connection " + closeReason, e);
        }
        if (histogram != null) {
            histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(arrivals.get(key) - committed)));
        }
    }

    private static void print(String what, Histogram histogram) {
        System.out.printf("%s: p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", what,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0);
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(BASE.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice-demo".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** Notes when each change's frame arrived. */
    private final class Arrivals implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                JsonObject frame = json(partial.toString());
                partial.setLength(0);
                if ("subscribed".equals(frame.getString("type"))) {
                    arrivals.put("subscribed", now);
                } else if ("changes".equals(frame.getString("type"))) {
                    for (JsonValue change : frame.getJsonArray("changes")) {
                        arrivals.putIfAbsent(change.asJsonObject().getString("key"), now);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = "closed " + statusCode + " " + reason + " at " + java.time.Instant.now();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason = "failed " + error + " at " + java.time.Instant.now();
        }
    }
}
