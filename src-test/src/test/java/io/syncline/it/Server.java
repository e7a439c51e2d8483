package io.syncline.it;

import java.net.URI;

/** Where the managed WildFly serves the deployment. */
public final class Server {

    private Server() {
    }

    public static URI baseUri() {
        int port = 8080 + Integer.getInteger("syncline.port.offset", 0);
        return URI.create(System.getProperty("syncline.url", "http://localhost:" + port + "/"));
    }

    public static URI webSocketUri() {
        return webSocketUri("sync");
    }

    /** The WebSocket at {@code path}, relative to the server's root (for instance {@code notes/sync}). */
    public static URI webSocketUri(String path) {
        return URI.create(baseUri().toString().replaceFirst("^http", "ws")).resolve(path);
    }
}
