package io.syncline.bench;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import io.syncline.it.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prints what the journal costs and how fast it replays: {@code mvn verify -Pbenchmark}.
 * Not part of the test command; it asserts nothing but prints figures.
 */
@ExtendWith(ArquillianExtension.class)
class JournalBenchmark {

    private static final URI BASE = Server.baseUri();
    private static final int WRITES = Integer.getInteger("bench.writes", 2000);
    private static final int REPLAY_TXS = Integer.getInteger("bench.replay.txs", 1000);
    private static final int REPLAY_TX_SIZE = Integer.getInteger("bench.replay.size", 100);

    private final HttpClient http = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return io.syncline.it.BenchmarkDeployment.synclineWithTestkit();
    }

    @Test
    void writeCostAndReplayRate() throws Exception {
        long board = json(post("api/boards", "{\"name\":\"benchmark\"}")).getJsonNumber("id").longValue();

        post("testkit/bench/write-cost?board=" + board + "&count=200", null); // warm-up
        JsonObject cost = json(post("testkit/bench/write-cost?board=" + board + "&count=" + WRITES, null));
        double synced = cost.getJsonNumber("syncedMicros").doubleValue();
        double plain = cost.getJsonNumber("plainMicros").doubleValue();

        long before = lastOffset();
        long fillMillis = Long.parseLong(post("testkit/bench/fill?board=" + board + "&txs=" + REPLAY_TXS + "&size=" + REPLAY_TX_SIZE, null));
        long changes = (long) REPLAY_TXS * REPLAY_TX_SIZE;
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> lastOffset() >= before + changes);
        long target = lastOffset();

        AtomicLong received = new AtomicLong();
        AtomicLong newest = new AtomicLong();
        long start = System.nanoTime();
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice-demo".getBytes())).buildAsync(URI.create(BASE.toString().replaceFirst("^http", "ws")).resolve("sync"),
                new Counter(received, newest)).join();
        socket.sendText("{\"op\":\"subscribe\",\"id\":\"r\",\"entity\":\"Card\",\"since\":" + before + "}", true).join();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(10)).until(() -> newest.get() >= target);
        double seconds = (System.nanoTime() - start) / 1e9;
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        System.out.printf("%n== Syncline journal benchmark (WildFly, %s, %d cores) ==%n",
                System.getProperty("syncline.database", "h2"), Runtime.getRuntime().availableProcessors());
        System.out.printf("write transaction, one synced card (capture + journal row): %8.1f us%n", synced);
        System.out.printf("write transaction, one plain row of the same shape:          %8.1f us%n", plain);
        System.out.printf("added by capture and journal, per transaction:               %8.1f us%n", synced - plain);
        System.out.printf("fill: %d transactions of %d cards in %d ms; numbered and published: %d changes%n",
                REPLAY_TXS, REPLAY_TX_SIZE, fillMillis, target - before);
        System.out.printf("resume replay: %d changes in %.2f s = %.0f changes/s%n%n",
                received.get(), seconds, received.get() / seconds);
    }

    private long lastOffset() throws Exception {
        WebSocket[] socket = new WebSocket[1];
        AtomicLong pong = new AtomicLong(-1);
        socket[0] = http.newWebSocketBuilder().header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice-demo".getBytes())).buildAsync(URI.create(BASE.toString().replaceFirst("^http", "ws")).resolve("sync"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        pong.set(json(data.toString()).getJsonNumber("offset").longValue());
                        return null;
                    }
                }).join();
        socket[0].sendText("{\"op\":\"ping\",\"id\":\"p\"}", true).join();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> pong.get() >= 0);
        socket[0].sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return pong.get();
    }

    private String post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(BASE.resolve(path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice-demo".getBytes()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** Counts the changes of the replay as they arrive. */
    private static final class Counter implements WebSocket.Listener {
        private final AtomicLong received;
        private final AtomicLong newest;
        private final StringBuilder partial = new StringBuilder();

        Counter(AtomicLong received, AtomicLong newest) {
            this.received = received;
            this.newest = newest;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject frame = json(partial.toString());
                partial.setLength(0);
                if ("changes".equals(frame.getString("type"))) {
                    var changes = frame.getJsonArray("changes");
                    received.addAndGet(changes.size());
                    newest.set(changes.getJsonObject(changes.size() - 1).getJsonNumber("offset").longValue());
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
