package io.syncline.it;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What the tests do with a client of {@code /sync}, whichever kind it is. */
public interface WebSocketClient extends AutoCloseable {

    void send(String text);

    /** Every frame received so far, in order. */
    List<JsonObject> frames();

    /** Waits until a frame that matches has arrived, and returns the first such frame. */
    default JsonObject awaitFrame(Predicate<JsonObject> match) {
        return await().atMost(SyncClient.TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .alias("a matching frame; " + this)
                .until(() -> frames().stream().filter(match).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    boolean isClosed();

    @Override
    void close();
}
