package io.syncline.delivery;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import java.io.IOException;

/** The connection of a session, as the delivery sees it: what the WebSocket layer provides. */
public interface Peer {

    /** Sends a text frame asynchronously; {@code done} is called when it was sent or failed. */
    void sendText(String frame, SendHandler done);

    /** Sends a ping control frame without waiting for it to be written. */
    void sendPing() throws IOException;

    void close(CloseReason reason);
}
