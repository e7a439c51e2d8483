package io.syncline.bench;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast a subscription that resumes with {@code since} is replayed from the journal: fills the
 * journal with transactions of cards on one board (test kit {@code bench/fill}), waits until they
 * are all published, then times one subscriber from its subscribe to the newest change.
 */
final class ReplayProbe {

    private static final Duration LONG = Duration.ofMinutes(10);

    private final BenchHttp http;

    ReplayProbe(BenchHttp http) {
        this.http = http;
    }

    /** A fill and the replay of what it wrote. */
    record Replay(int transactions, int size, long fillMillis, long published, long received, double seconds) {
        double changesPerSecond() {
            return received / seconds;
        }
    }

    /** Writes {@code transactions} transactions of {@code size} cards on {@code board}, then replays them to a new subscriber. */
    Replay measure(long board, int transactions, int size) {
        // What was written before is published first: the replay then holds the fill alone.
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> "0".equals(http.get("testkit/journal/unsequenced").trim()));
        long before = lastOffset();
        long fillMillis = Long.parseLong(http.post("testkit/bench/fill?board=" + board + "&txs=" + transactions + "&size=" + size, null));
        long changes = (long) transactions * size;
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> lastOffset() >= before + changes);
        long target = lastOffset();

        AtomicLong received = new AtomicLong();
        AtomicLong newest = new AtomicLong();
        long start = System.nanoTime();
        WebSocket socket = http.webSocket("sync", new Counter(received, newest)).join();
        socket.sendText("{\"op\":\"subscribe\",\"id\":\"r\",\"entity\":\"Card\",\"since\":" + before + "}", true).join();
        await().atMost(LONG).pollInterval(Duration.ofMillis(10)).until(() -> newest.get() >= target);
        double seconds = (System.nanoTime() - start) / 1e9;
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return new Replay(transactions, size, fillMillis, target - before, received.get(), seconds);
    }

    /** The newest offset the server has delivered ({@code pong.offset}). */
    long lastOffset() {
        AtomicLong pong = new AtomicLong(-1);
        WebSocket socket = http.webSocket("sync", new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                pong.set(BenchHttp.object(data.toString()).getJsonNumber("offset").longValue());
                return null;
            }
        }).join();
        socket.sendText("{\"op\":\"ping\",\"id\":\"p\"}", true).join();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> pong.get() >= 0);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return pong.get();
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
                JsonObject frame = BenchHttp.object(partial.toString());
                partial.setLength(0);
                if ("changes".equals(frame.getString("type"))) {
                    JsonArray changes = frame.getJsonArray("changes");
                    received.addAndGet(changes.size());
                    newest.set(changes.getJsonObject(changes.size() - 1).getJsonNumber("offset").longValue());
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
