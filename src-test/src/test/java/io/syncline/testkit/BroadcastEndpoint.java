package io.syncline.testkit;

import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * A bare WebSocket endpoint with no protocol: the sessions that {@link BroadcastFlood} sends
 * pre-built frames to, the raw broadcast ceiling that the load benchmark compares Syncline with.
 */
@ServerEndpoint("/testkit/broadcast")
public class BroadcastEndpoint {

    @Inject
    BroadcastFlood flood;

    @OnOpen
    public void open(Session session) {
        flood.add(session);
    }

    @OnClose
    public void close(Session session) {
        flood.remove(session);
    }
}
