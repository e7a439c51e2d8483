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
        return URI.create(baseUri().toString().replaceFirst("^http", "ws")).resolve("sync");
    }
}
