package io.syncline.it;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;

/** What the tests do with a client of {@code /sync}, whichever kind it is. */
interface WebSocketClient extends AutoCloseable {

    void send(String text);

    /** Every frame received so far, in order. */
    List<JsonObject> frames();

    /** Waits until a frame that matches has arrived, and returns the first such frame. */
    JsonObject awaitFrame(Predicate<JsonObject> match);

    boolean isClosed();

    @Override
    void close();
}
