package io.syncline.it;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/** What the tests do with a client of {@code /sync}, whichever kind it is. */
public interface WebSocketClient extends AutoCloseable {

    void send(String text);

    /** Every frame received so far, in order. */
    List<JsonObject> frames();

    /**
     * Waits until a frame that matches has arrived, and returns the first such frame. When none
     * does, the failure says what the client had received by then, how far the demo server's
     * pipeline had got (its counters) and where its sequencer was, so that a stream that stopped
     * shows where it stopped.
     */
    default JsonObject awaitFrame(Predicate<JsonObject> match) {
        try {
            return await().atMost(SyncClient.TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> frames().stream().filter(match).findFirst(), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no matching frame within " + SyncClient.TIMEOUT + "; " + this
                    + "; the demo server's " + Metrics.pipeline("") + "; " + sequencers(), e);
        }
    }

    /** The demo server's sequencers, as its test kit sees them (for a failure message). */
    private static String sequencers() {
        try {
            Api.Reply reply = new Api().send("GET", "testkit/journal/sequencers", null);
            return reply.status() == 200 ? "sequencer: " + reply.body() : "no sequencer report (HTTP " + reply.status() + ")";
        } catch (RuntimeException e) {
            return "no sequencer report: " + e;
        }
    }

    boolean isClosed();

    @Override
    void close();
}
