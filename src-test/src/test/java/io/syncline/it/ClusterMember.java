package io.syncline.it;

import java.net.URI;

/**
 * One server of a test cluster as its clients reach it: a WildFly node ({@link ClusterNode}) or a
 * Payara instance ({@link PayaraInstance}). Public for the cluster's benchmark in io.syncline.bench.
 */
public interface ClusterMember {

    /** The server's name, with which its sequencer's lease owner starts. */
    String name();

    /** Where it serves the demo, with a trailing slash. */
    URI baseUri();

    default URI webSocketUri() {
        return URI.create(baseUri().toString().replaceFirst("^http", "ws")).resolve("sync");
    }

    /** A client of its REST API as a demo user. */
    default Api api(String user) {
        return new Api(baseUri(), user);
    }

    /** Its Prometheus endpoint. */
    default Metrics metrics() {
        return new Metrics(baseUri(), "");
    }
}
