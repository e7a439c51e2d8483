package io.syncline.it;

import java.net.URI;

/** Where the managed WildFly serves the deployment. */
final class Server {

    private Server() {
    }

    static URI baseUri() {
        return URI.create(System.getProperty("syncline.url", "http://localhost:8080/"));
    }

    static URI webSocketUri() {
        return URI.create(baseUri().toString().replaceFirst("^http", "ws")).resolve("sync");
    }
}
